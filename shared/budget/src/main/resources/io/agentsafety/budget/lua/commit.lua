-- KEYS[4] is the reservation's settlement record. ARGV: fingerprint ("commit|actual"), reservation id,
-- actual amount, record ttl ms, allow_overrun ('1'/'0').
-- Up to the reserved amount a commit always succeeds (the money was set aside). Beyond it, the excess is
-- checked like an enforced spend: spent + reserved by others + actual <= limit, breaker closed. When it
-- does not fit the commit is refused and nothing changes: the reservation stays open with its amount and
-- deadline (commit a smaller amount, commit with allow_overrun, or release it). With allow_overrun the
-- actual cost is recorded anyway; 'overrun' is the part that passed the limit (or, when the budget was
-- already past it, the part beyond the reservation), kept in the settlement record and reported as an event.
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local id = ARGV[2]
local reserved_amount = redis.call('HGET', K_RES, id)
if not reserved_amount then
  flush()
  return bare('reservation_not_found')
end
local au, am = parse(ARGV[3])
local xu, xm = parse(reserved_amount)
local ou, om = 0, 0
if cmp(au, am, xu, xm) > 0 then
  local eu, em = sub(au, am, xu, xm)
  local refusal = can_take(eu, em)
  if refusal then
    if ARGV[5] ~= '1' then
      flush()
      return result(refusal, id .. '|' .. reserved_amount .. '|' .. ms(tonumber(redis.call('ZSCORE', K_RESX, id)) or 0))
    end
    -- room = limit - spent - reserved by others (0 when none is left); what neither the reservation nor
    -- the room covers is the overrun
    local lu, lm = money('limit')
    local su, sm = money('spent')
    local ru, rm = money('reserved')
    local cu, cm = add(su, sm, sub(ru, rm, xu, xm))
    local fu, fm = 0, 0
    if cmp(lu, lm, cu, cm) > 0 then fu, fm = sub(lu, lm, cu, cm) end
    if cmp(fu, fm, xu, xm) < 0 then fu, fm = xu, xm end
    ou, om = sub(au, am, fu, fm)
  end
end
settle_reservation(id)
local su, sm = money('spent')
local events = {}
set_money('spent', add(su, sm, au, am))
set('updated_at', ms(now))
if au > 0 or am > 0 then set_num('spend_count', num('spend_count') + 1) end
check_exceeded(events)
check_thresholds(events)
local overrun = fmt(ou, om)
if overrun ~= NONE then events[#events + 1] = 'overrun:' .. overrun end
touch(now, false)
flush()
emit(events, now)
local extra = id .. '|' .. reserved_amount .. '|' .. ARGV[3] .. '|' .. overrun
local stored = idem_store(ARGV[1], 'ok', extra, ARGV[4])
return result('ok', extra, events, stored)
