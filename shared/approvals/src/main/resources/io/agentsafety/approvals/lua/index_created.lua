-- Index keys share the {idx} hash tag (one slot): KEYS[1] all, KEYS[2] status:pending, KEYS[3] expiry,
-- KEYS[4] webhook outbox stream, KEYS[5] run index (optional).
-- ARGV[1] id, ARGV[2] created (ms), ARGV[3] expires (ms), ARGV[4] notification JSON ('' = no webhook),
-- ARGV[5] run index lifetime (ms).
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
if ARGV[4] ~= '' then
  -- never trimmed: an undelivered notification leaves the outbox only delivered or dead-lettered
  redis.call('XADD', KEYS[4], '*', 'approval_id', ARGV[1], 'attempt', '0', 'not_before', '0', 'payload', ARGV[4])
end
if KEYS[5] then
  redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
  redis.call('PEXPIRE', KEYS[5], ARGV[5])
end
return 'OK'
