-- KEYS[1] record. ARGV[1] SHA-256 of the canonical action re-checked, ARGV[2] its run id ('' = none), ARGV[3] now (ms).
-- The use of an approval: approved, unexpired, same action hash, same run; single-use approvals become 'used' in the
-- same step, so of two re-checks racing exactly one gets OK.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NOT_FOUND\n\n' end
local prev = redis.call('HGET', KEYS[1], 'status')
if expire_if_due(KEYS[1], tonumber(ARGV[3])) ~= 'approved' then return reply('NOT_APPROVED', prev, KEYS[1]) end
if redis.call('HGET', KEYS[1], 'action_sha256') ~= ARGV[1] then return reply('MISMATCH', prev, KEYS[1]) end
if (redis.call('HGET', KEYS[1], 'run_id') or '') ~= ARGV[2] then return reply('RUN_MISMATCH', prev, KEYS[1]) end
redis.call('HINCRBY', KEYS[1], 'uses', 1)
redis.call('HSET', KEYS[1], 'used_ms', ARGV[3])
if redis.call('HGET', KEYS[1], 'single_use') == '1' then
  redis.call('HSET', KEYS[1], 'status', 'used')
end
return reply('OK', prev, KEYS[1])
