-- KEYS[1] record. ARGV[1] approver, ARGV[2] comment ('' = none), ARGV[3] now (ms).
-- One denial ends a pending request; a decided or expired request cannot be denied (CONFLICT).
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NOT_FOUND\n\n' end
local now = tonumber(ARGV[3])
local prev = redis.call('HGET', KEYS[1], 'status')
if expire_if_due(KEYS[1], now) ~= 'pending' then return reply('CONFLICT', prev, KEYS[1]) end
local denial = { approver = ARGV[1], at_ms = ARGV[3] }
if ARGV[2] ~= '' then denial.comment = ARGV[2] end
redis.call('HSET', KEYS[1], 'status', 'denied', 'decided_ms', ARGV[3], 'denial', cjson.encode(denial))
owe_callback(KEYS[1])
return reply('DENIED', prev, KEYS[1])
