-- ARGV: idempotency fingerprint, amount, reservation id, reservation ttl ms, idempotency ttl ms
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1])
if replay then return replay end
local amount = parse(ARGV[2])
local refusal = can_take(amount)
if refusal then
  flush()
  return result(refusal)
end
local deadline = now + tonumber(ARGV[4])
redis.call('HSET', K_RES, ARGV[3], ARGV[2])
redis.call('ZADD', K_RESX, deadline, ARGV[3])
set('reserved', fmt(add(money('reserved'), amount)))
set('updated_at', ms(now))
touch(now, true)
flush()
local extra = ARGV[3] .. '|' .. ARGV[2] .. '|' .. ms(deadline)
idem_store(ARGV[1], 'created', extra, tonumber(ARGV[5]))
return result('created', extra)
