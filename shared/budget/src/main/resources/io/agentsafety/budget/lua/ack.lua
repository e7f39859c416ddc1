-- ARGV: ids of events now copied to the global feed; they are no longer owed.
redis.call('ZREM', K_UNSENT, unpack(ARGV))
return 'ok'
