-- KEYS[4] is the reservation's settlement record. ARGV: fingerprint ("commit|actual"), reservation id,
-- actual amount, record ttl ms. The actual amount already happened, so it is recorded like a spend even
-- when it exceeds the reservation; the unused part goes back.
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local reserved_amount = redis.call('HGET', K_RES, ARGV[2])
if not reserved_amount then
  flush()
  return bare('reservation_not_found')
end
redis.call('HDEL', K_RES, ARGV[2])
redis.call('ZREM', K_RESX, ARGV[2])
local au, am = parse(ARGV[3])
local ru, rm = money('reserved')
local xu, xm = parse(reserved_amount)
local su, sm = money('spent')
local events = {}
set('reserved', fmt(sub(ru, rm, xu, xm)))
set('spent', fmt(add(su, sm, au, am)))
set('updated_at', ms(now))
if au > 0 or am > 0 then set('spend_count', ms(tonumber(S.spend_count) + 1)) end
check_exceeded(events)
check_thresholds(events)
touch(now, false)
flush()
local extra = ARGV[2] .. '|' .. reserved_amount .. '|' .. ARGV[3]
idem_store(ARGV[1], 'ok', extra, tonumber(ARGV[4]))
return result('ok', extra, events)
