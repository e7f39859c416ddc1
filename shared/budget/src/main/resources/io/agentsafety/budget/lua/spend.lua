-- ARGV: idempotency fingerprint ('' = none), amount, enforce ('1'/'0'), idempotency ttl ms, fresh key ('1'/'0')
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1], ARGV[5])
if replay then return replay end
local au, am = amount_arg(ARGV[2])
if ARGV[3] == '1' then
  -- enforced: check-and-spend in one step; a refusal records nothing and is not kept for replay
  local refusal = can_take(au, am)
  if refusal then
    flush()
    return result(refusal)
  end
end
local events = {}
local su, sm = money('spent')
set_money('spent', add(su, sm, au, am))
set_num('spend_count', num('spend_count') + 1)
set('updated_at', ms_clock(now))
check_exceeded(events)
check_thresholds(events)
touch(now, false)
flush()
emit(events, now)
local stored = idem_store(ARGV[1], 'ok', '', ARGV[4])
return result('ok', '', events, stored)
