-- Cluster mode only (standalone: create.lua does it atomically). KEYS[1] the index of runs; ARGV: created_at ms, run id.
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 'ok'
