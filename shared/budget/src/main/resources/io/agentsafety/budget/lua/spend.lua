-- ARGV: idempotency fingerprint ('' = none), amount, enforce ('1'/'0'), idempotency ttl ms
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local amount = parse(ARGV[2])
if ARGV[3] == '1' then
  -- enforced: check-and-spend in one step; a refusal records nothing and is not kept for replay
  local refusal = can_take(amount)
  if refusal then return result(refusal) end
end
local events = {}
redis.call('HSET', K_STATE, 'spent', fmt(add(money('spent'), amount)), 'updated_at', string.format('%.0f', now))
redis.call('HINCRBY', K_STATE, 'spend_count', 1)
check_exceeded(events)
check_thresholds(events)
touch(now)
local answer = result('ok', '', events)
idem_store(ARGV[1], answer, tonumber(ARGV[4]))
return answer
