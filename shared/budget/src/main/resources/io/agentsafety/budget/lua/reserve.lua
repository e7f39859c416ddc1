-- ARGV: idempotency fingerprint, amount, reservation id, reservation ttl ms, idempotency ttl ms
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local amount = parse(ARGV[2])
local refusal = can_take(amount)
if refusal then return result(refusal) end
local deadline = now + tonumber(ARGV[4])
redis.call('HSET', K_RES, ARGV[3], ARGV[2])
redis.call('ZADD', K_RESX, deadline, ARGV[3])
redis.call('HSET', K_STATE, 'reserved', fmt(add(money('reserved'), amount)), 'updated_at', string.format('%.0f', now))
touch(now)
local answer = result('created', ARGV[3] .. '|' .. ARGV[2] .. '|' .. string.format('%.0f', deadline))
idem_store(ARGV[1], answer, tonumber(ARGV[5]))
return answer
