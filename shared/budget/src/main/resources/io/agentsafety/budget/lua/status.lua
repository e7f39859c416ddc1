-- No ARGV. Changes nothing but expired reservations.
if not load() then return bare('not_found') end
expire_reservations(nowms())
flush()
return result('ok')
