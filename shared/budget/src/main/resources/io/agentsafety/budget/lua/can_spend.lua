-- ARGV: amount. Changes nothing but expired reservations.
if not load() then return bare('not_found') end
expire_reservations(nowms())
flush()
local refusal = can_take(parse(ARGV[1]))
return result('ok', refusal or 'ok')
