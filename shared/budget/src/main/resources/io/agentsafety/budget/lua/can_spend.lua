-- ARGV: amount. Changes nothing but expired reservations.
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
expire_reservations(nowms())
local refusal = can_take(parse(ARGV[1]))
return result('ok', refusal or 'ok')
