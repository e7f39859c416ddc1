-- No ARGV. Answers 'deleted' with extra = the budget's created_at (its score in the index of runs: in a cluster
-- the caller removes the index entry only while it still has that score, so a re-created run keeps its entry).
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
local created = string.match(redis.call('GET', K_INFO) or '', '^[^\n]*\n([^\n]*)') or ''
-- the event stream and its unsent ids stay until their own expiry (the budget's last one): deleting a
-- budget must not lose an event whose global copy is still owed (events.lua hands them out)
redis.call('DEL', K_STATE, K_RES, K_RESX, K_INFO)
if K_INDEX then redis.call('ZREM', K_INDEX, run_id()) end
return 'deleted\n0\n' .. created .. '\n'
