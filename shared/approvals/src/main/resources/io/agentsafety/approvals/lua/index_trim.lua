-- KEYS: the global indexes (all, per status). ARGV[1] cutoff (ms): entries created before it are past retention.
local removed = 0
for i = 1, #KEYS do removed = removed + redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', '(' .. ARGV[1]) end
return tostring(removed)
