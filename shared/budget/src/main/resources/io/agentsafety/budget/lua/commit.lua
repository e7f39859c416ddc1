-- KEYS[4] is the reservation's settlement record. ARGV: fingerprint ("commit|actual"), reservation id,
-- actual amount, record ttl ms. The actual amount already happened, so it is recorded like a spend even
-- when it exceeds the reservation; the unused part goes back.
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local reserved_amount = redis.call('HGET', K_RES, ARGV[2])
if not reserved_amount then return bare('reservation_not_found') end
redis.call('HDEL', K_RES, ARGV[2])
redis.call('ZREM', K_RESX, ARGV[2])
local actual = parse(ARGV[3])
local events = {}
redis.call('HSET', K_STATE, 'reserved', fmt(sub(money('reserved'), parse(reserved_amount))),
  'spent', fmt(add(money('spent'), actual)), 'updated_at', string.format('%.0f', now))
if cmp(actual, ZERO) > 0 then redis.call('HINCRBY', K_STATE, 'spend_count', 1) end
check_exceeded(events)
check_thresholds(events)
touch(now)
local answer = result('ok', ARGV[2] .. '|' .. reserved_amount .. '|' .. ARGV[3], events)
idem_store(ARGV[1], answer, tonumber(ARGV[4]))
return answer
