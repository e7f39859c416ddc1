-- KEYS[1] record. ARGV[1] key lifetime in ms, ARGV[2..] field, value pairs.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('approval id already exists')
end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 'CREATED\n\n'
