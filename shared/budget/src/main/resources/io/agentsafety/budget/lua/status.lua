-- No ARGV. Changes nothing but expired reservations.
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
expire_reservations(nowms())
return result('ok')
