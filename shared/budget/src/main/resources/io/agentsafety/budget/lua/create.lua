-- ARGV: fingerprint, limit, currency, ttl_seconds, thresholds, threshold amounts, metadata json, generation
local now = nowms()
if load() then
  expire_reservations(now)
  if S.fp ~= ARGV[1] then return bare('conflict') end
  touch(now, false)
  flush()
  return result('exists')
end
local initial = {fp = ARGV[1], limit = ARGV[2], currency = ARGV[3], ttl = ARGV[4], thresholds = ARGV[5],
  thr_amounts = ARGV[6], next_thr = string.match(ARGV[6], '^[^,]*'), metadata = ARGV[7], gen = ARGV[8], spent = '0.000000', reserved = '0.000000',
  crossed = '', exceeded = '0', circuit = '0', spend_count = '0', created_at = ms(now), updated_at = ms(now)}
for name, value in pairs(initial) do set(name, value) end
touch(now, true)
flush()
return result('created')
