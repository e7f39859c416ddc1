-- KEYS[4] is the reservation's settlement record. ARGV: fingerprint ("release"), reservation id, record ttl ms
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local reserved_amount = settle_reservation(ARGV[2])
if not reserved_amount then
  flush()
  return bare('reservation_not_found')
end
set('updated_at', ms(now))
touch(now, false)
flush()
local extra = ARGV[2] .. '|' .. reserved_amount .. '|0.000000'
local stored = idem_store(ARGV[1], 'ok', extra, ARGV[3])
return result('ok', extra, nil, stored)
