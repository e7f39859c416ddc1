-- KEYS[1] status index left, KEYS[2] status index entered, KEYS[3] callbacks due.
-- ARGV[1] id, ARGV[2] created (ms, the index score), ARGV[3] '1' when a task-token callback is owed, ARGV[4] now (ms).
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if ARGV[3] == '1' then redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1]) end
return 'OK'
