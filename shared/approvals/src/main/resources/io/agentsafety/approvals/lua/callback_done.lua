-- KEYS[1] record. ARGV[1] 'sent', 'failed' (abandoned) or 'pending' (failed, to be retried). Records the outcome of a task-token callback.
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'callback') ~= 'pending' then return 'GONE\n\n' end
redis.call('HINCRBY', KEYS[1], 'callback_attempts', 1)
redis.call('HSET', KEYS[1], 'callback', ARGV[1])
return 'OK\n\n'
