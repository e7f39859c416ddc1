-- KEYS[1] an index scored by time. ARGV[1] id, ARGV[2] new score ('' = remove).
if ARGV[2] == '' then return tostring(redis.call('ZREM', KEYS[1], ARGV[1])) end
redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])
return 'OK'
