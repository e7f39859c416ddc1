-- ARGV: fingerprint, limit, currency, ttl_seconds, thresholds, threshold amounts, metadata json, generation
local now = nowms()
if redis.call('EXISTS', K_STATE) == 1 then
  expire_reservations(now)
  if field('fp') ~= ARGV[1] then return bare('conflict') end
  touch(now)
  return result('exists')
end
redis.call('HSET', K_STATE, 'fp', ARGV[1], 'limit', ARGV[2], 'currency', ARGV[3], 'ttl', ARGV[4],
  'thresholds', ARGV[5], 'thr_amounts', ARGV[6], 'metadata', ARGV[7], 'gen', ARGV[8],
  'spent', '0.000000', 'reserved', '0.000000', 'crossed', '', 'exceeded', '0', 'circuit', '0',
  'spend_count', '0', 'created_at', string.format('%.0f', now), 'updated_at', string.format('%.0f', now))
touch(now)
return result('created')
