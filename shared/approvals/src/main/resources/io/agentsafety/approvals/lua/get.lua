-- KEYS[1] record. ARGV[1] now (ms). Applies a due expiry on the way.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NOT_FOUND\n\n' end
local prev = redis.call('HGET', KEYS[1], 'status')
expire_if_due(KEYS[1], tonumber(ARGV[1]))
return reply('OK', prev, KEYS[1])
