-- ARGV: fingerprint, limit, currency, ttl_seconds, thresholds, threshold amounts, metadata json, generation
local now = nowms()
if load() then
  expire_reservations(now)
  if info().fp ~= ARGV[1] then return bare('conflict') end
  touch(now, false)
  flush()
  -- also puts back a run the index lacks (created before the index existed, or a cluster index write that failed)
  if K_INDEX then redis.call('ZADD', K_INDEX, info().created_at, run_id()) end
  return result('exists')
end
S = {limit = ARGV[2], spent = NONE, reserved = NONE, exceeded = '0', circuit = '0', spend_count = '0',
  updated_at = ms(now), expires_at = '0', next_thr = string.match(ARGV[6], '^[^,]*'), ttl = ARGV[4], gen = ARGV[8]}
I = {currency = ARGV[3], created_at = ms(now), metadata = ARGV[7], thresholds = ARGV[5], crossed = '',
  thr_amounts = ARGV[6], fp = ARGV[1]}
dirty, info_dirty = true, true
touch(now, true)
flush()
if K_INDEX then redis.call('ZADD', K_INDEX, I.created_at, run_id()) end
return result('created')
