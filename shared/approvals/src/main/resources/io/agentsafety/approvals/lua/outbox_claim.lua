-- KEYS[1] outbox stream. ARGV[1] now (ms), ARGV[2] lease (ms), ARGV[3] how many.
-- Claims due notifications: each is re-added with attempt+1 and not_before = now + lease, so a second sweep
-- running at the same time skips it and a sweep that crashes leaves it to be retried after the lease.
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[3])
local claimed = {}
local entries = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', limit * 4)
for _, entry in ipairs(entries) do
  if #claimed >= limit then break end
  local f = {}
  for i = 1, #entry[2], 2 do f[entry[2][i]] = entry[2][i + 1] end
  if tonumber(f.not_before) <= now then
    redis.call('XDEL', KEYS[1], entry[1])
    local attempt = tostring(tonumber(f.attempt) + 1)
    local id = redis.call('XADD', KEYS[1], '*', 'approval_id', f.approval_id, 'attempt', attempt,
      'not_before', tostring(now + tonumber(ARGV[2])), 'payload', f.payload)
    claimed[#claimed + 1] = { entry_id = id, approval_id = f.approval_id, attempt = attempt, payload = f.payload }
  end
end
if #claimed == 0 then return '[]' end
return cjson.encode(claimed)
