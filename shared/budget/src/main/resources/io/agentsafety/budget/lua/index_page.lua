-- The index of runs alone (KEYS[1]; the prelude's other key names are unused). Newest first: score (created_at
-- ms) descending, then run id descending (byte order, as Redis orders equal scores).
-- ARGV: the cursor's score ('' = from the newest), the cursor's run id, how many entries at most.
-- Answers "score|run_id" lines: the entries strictly after the cursor's position, so entries added since (newer)
-- never shift a listing, and an entry removed since (the cursor's own included) never hides the next one.
local K = KEYS[1]
local n = tonumber(ARGV[3])
local out = {}
-- byte order (Lua's '<' follows the server's collation locale)
local function below(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local upper = '+inf'
if ARGV[1] ~= '' then
  -- runs created in the cursor's own millisecond, after it in the order (few: one millisecond of creates)
  local ties = redis.call('ZRANGEBYSCORE', K, ARGV[1], ARGV[1])
  for i = #ties, 1, -1 do
    if #out < n and below(ties[i], ARGV[2]) then out[#out + 1] = ARGV[1] .. '|' .. ties[i] end
  end
  upper = '(' .. ARGV[1]
end
if #out < n then
  local rest = redis.call('ZREVRANGEBYSCORE', K, upper, '-inf', 'WITHSCORES', 'LIMIT', 0, n - #out)
  for i = 1, #rest, 2 do out[#out + 1] = ms(tonumber(rest[i + 1])) .. '|' .. rest[i] end
end
return table.concat(out, '\n')
