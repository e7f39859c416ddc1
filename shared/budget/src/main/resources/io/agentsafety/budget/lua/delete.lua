-- No ARGV.
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
redis.call('DEL', K_STATE, K_RES, K_RESX, K_INFO)
return bare('deleted')
