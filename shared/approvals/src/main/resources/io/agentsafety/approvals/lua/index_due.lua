-- KEYS[1] an index scored by time. ARGV[1] now (ms), ARGV[2] how many. Ids whose time has come, oldest first.
return table.concat(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2])), '\n')
