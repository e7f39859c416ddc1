-- Shared prelude of the scripts that touch one approval (KEYS[1] = approval:{id}:record, KEYS[2] = its approvers
-- set; one hash tag, so every script is atomic on one cluster slot).
-- Replies are "CODE\nPREVIOUS_STATUS\n{record json}" so the caller can move the approval between status indexes.

local function reply(code, prev, rec)
  local flat = redis.call('HGETALL', rec)
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return code .. '\n' .. (prev or '') .. '\n' .. cjson.encode(t)
end

-- A final transition of a request that carries a Step Functions task token owes the state machine a callback.
local function owe_callback(rec)
  if redis.call('HEXISTS', rec, 'task_token') == 1 then
    redis.call('HSET', rec, 'callback', 'pending')
  end
end

-- Expiry is applied lazily by whoever touches the record first (and by the sweep), and persisted, so every
-- reader agrees. Only a pending request owes the state machine a timeout; an approved one already got its answer.
local function expire_if_due(rec, now)
  local status = redis.call('HGET', rec, 'status')
  if (status == 'pending' or status == 'approved') and now >= tonumber(redis.call('HGET', rec, 'expires_ms')) then
    redis.call('HSET', rec, 'status', 'expired', 'expired_ms', tostring(now))
    if status == 'pending' then
      owe_callback(rec)
    end
    return 'expired'
  end
  return status
end
