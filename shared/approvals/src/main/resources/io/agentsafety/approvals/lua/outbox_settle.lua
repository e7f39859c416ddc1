-- KEYS[1] outbox stream, KEYS[2] dead-letter stream. ARGV[1] claimed entry id, ARGV[2] 'delivered' | 'retry' | 'dead',
-- ARGV[3] next attempt time (ms, for retry), ARGV[4] last error, ARGV[5] now (ms), ARGV[6] dead-letter cap.
local rows = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
if #rows == 0 then return 'GONE' end
local f = {}
for i = 1, #rows[1][2], 2 do f[rows[1][2][i]] = rows[1][2][i + 1] end
redis.call('XDEL', KEYS[1], ARGV[1])
if ARGV[2] == 'retry' then
  redis.call('XADD', KEYS[1], '*', 'approval_id', f.approval_id, 'attempt', f.attempt, 'not_before', ARGV[3], 'payload', f.payload)
elseif ARGV[2] == 'dead' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*', 'approval_id', f.approval_id, 'attempts', f.attempt,
    'last_error', ARGV[4], 'failed_ms', ARGV[5], 'payload', f.payload)
end
return 'OK'
