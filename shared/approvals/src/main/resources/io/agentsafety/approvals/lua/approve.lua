-- KEYS[1] record, KEYS[2] approvers set. ARGV[1] approver, ARGV[2] comment ('' = none), ARGV[3] now (ms).
-- One vote per distinct approver; the vote that reaches the required count makes the request approved. Two
-- approvers racing on a one-approver request: the first wins, the second finds it approved (CONFLICT).
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NOT_FOUND\n\n' end
local now = tonumber(ARGV[3])
local prev = redis.call('HGET', KEYS[1], 'status')
if expire_if_due(KEYS[1], now) ~= 'pending' then return reply('CONFLICT', prev, KEYS[1]) end
local actor = redis.call('HGET', KEYS[1], 'actor')
if actor and string.lower(actor) == string.lower(ARGV[1]) then return reply('SELF', prev, KEYS[1]) end
local added = redis.call('SADD', KEYS[2], string.lower(ARGV[1]))
redis.call('PEXPIRE', KEYS[2], redis.call('PTTL', KEYS[1]))
if added == 1 then
  local votes = cjson.decode(redis.call('HGET', KEYS[1], 'approvals'))
  local vote = { approver = ARGV[1], at_ms = ARGV[3] }
  if ARGV[2] ~= '' then vote.comment = ARGV[2] end
  votes[#votes + 1] = vote
  redis.call('HSET', KEYS[1], 'approvals', cjson.encode(votes))
end
if redis.call('SCARD', KEYS[2]) >= tonumber(redis.call('HGET', KEYS[1], 'required')) then
  redis.call('HSET', KEYS[1], 'status', 'approved', 'decided_ms', ARGV[3])
  owe_callback(KEYS[1])
  return reply('APPROVED', prev, KEYS[1])
end
if added == 1 then return reply('COUNTED', prev, KEYS[1]) end
return reply('DUPLICATE', prev, KEYS[1])
