-- KEYS[1] the index of runs; ARGV: pairs of (run id, created_at ms). Removes each entry only while it still has
-- that score: a run deleted (or expired) and then created again has a new created_at and keeps its new entry.
local removed = 0
for i = 1, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) == tonumber(ARGV[i + 1]) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    removed = removed + 1
  end
end
return tostring(removed)
