-- ARGV: idempotency fingerprint, amount, reservation id, reservation ttl ms, idempotency ttl ms, fresh key ('1'/'0')
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local replay = idem_lookup(ARGV[1], ARGV[6])
if replay then return replay end
local au, am = parse(ARGV[2])
local refusal = can_take(au, am)
if refusal then
  flush()
  return result(refusal)
end
local deadline = now + tonumber(ARGV[4])
redis.call('HSET', K_RES, ARGV[3], ARGV[2])
redis.call('ZADD', K_RESX, deadline, ARGV[3])
local ru, rm = money('reserved')
set_money('reserved', add(ru, rm, au, am))
set('updated_at', ms(now))
touch(now, true)
flush()
local extra = ARGV[3] .. '|' .. ARGV[2] .. '|' .. ms(deadline)
local stored = idem_store(ARGV[1], 'created', extra, ARGV[5])
return result('created', extra, nil, stored)
