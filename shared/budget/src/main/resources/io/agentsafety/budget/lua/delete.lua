-- No ARGV.
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
-- the event stream and its unsent ids stay until their own expiry (the budget's last one): deleting a
-- budget must not lose an event whose global copy is still owed (events.lua hands them out)
redis.call('DEL', K_STATE, K_RES, K_RESX, K_INFO)
return bare('deleted')
