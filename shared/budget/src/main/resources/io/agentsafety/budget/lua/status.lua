-- ARGV: lease ms. Changes nothing but expired reservations; hands out again the events whose global copy
-- was not acknowledged within the lease (see claim).
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
flush()
claim(now, tonumber(ARGV[1]))
return result('ok')
