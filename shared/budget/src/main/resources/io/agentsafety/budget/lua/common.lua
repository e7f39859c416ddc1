-- Shared prelude of every ledger script (prepended when the script is loaded).
-- KEYS[1] state hash, KEYS[2] reservation amounts hash, KEYS[3] reservation deadlines zset,
-- KEYS[4] idempotency record; all share the {run_id} hash tag so one script touches one cluster slot.
-- Money is "U.MMMMMM" (units, exactly 6 decimals) and is computed as {units, micros} pairs: Lua numbers
-- are doubles, exact only to 2^53, and 10^12 units in micro-units would not fit.
local K_STATE, K_RES, K_RESX, K_IDEM = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local M = 1000000
local ZERO = {0, 0}
local SNAPSHOT = {'limit', 'spent', 'reserved', 'currency', 'exceeded', 'circuit', 'crossed', 'spend_count',
  'created_at', 'updated_at', 'expires_at', 'metadata', 'thresholds'}

local function parse(s)
  if not s then return {0, 0} end
  local u, m = string.match(s, '^(%d+)%.(%d%d%d%d%d%d)$')
  if not u then error('ledger: malformed amount') end
  return {tonumber(u), tonumber(m)}
end
local function fmt(a) return string.format('%.0f.%06d', a[1], a[2]) end
local function add(a, b)
  local u, m = a[1] + b[1], a[2] + b[2]
  if m >= M then m = m - M; u = u + 1 end
  return {u, m}
end
local function sub(a, b)
  local u, m = a[1] - b[1], a[2] - b[2]
  if m < 0 then m = m + M; u = u - 1 end
  if u < 0 then return {0, 0} end
  return {u, m}
end
local function cmp(a, b)
  if a[1] ~= b[1] then return a[1] < b[1] and -1 or 1 end
  if a[2] ~= b[2] then return a[2] < b[2] and -1 or 1 end
  return 0
end
local function nowms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function field(name) return redis.call('HGET', K_STATE, name) end
local function money(name) return parse(field(name)) end

-- Reservations whose deadline passed give their amount back (bounded work per call).
local function expire_reservations(now)
  local ids = redis.call('ZRANGEBYSCORE', K_RESX, '-inf', now, 'LIMIT', 0, 256)
  if #ids == 0 then return end
  local reserved = money('reserved')
  for _, id in ipairs(ids) do
    local amount = redis.call('HGET', K_RES, id)
    if amount then
      reserved = sub(reserved, parse(amount))
      redis.call('HDEL', K_RES, id)
    end
    redis.call('ZREM', K_RESX, id)
  end
  redis.call('HSET', K_STATE, 'reserved', fmt(reserved))
end

-- Every key of the budget lives as long as the budget's ttl after its last activity.
local function touch(now)
  local ttl = tonumber(field('ttl')) * 1000
  redis.call('HSET', K_STATE, 'expires_at', string.format('%.0f', now + ttl))
  redis.call('PEXPIRE', K_STATE, ttl)
  redis.call('PEXPIRE', K_RES, ttl)
  redis.call('PEXPIRE', K_RESX, ttl)
end

local function split(s)
  local out = {}
  if s then for item in string.gmatch(s, '[^,]+') do out[#out + 1] = item end end
  return out
end

-- A threshold is crossed once: the fraction joins 'crossed' and one event is returned, never again.
local function check_thresholds(events)
  local spent = money('spent')
  if cmp(spent, ZERO) == 0 then return end
  local fractions, amounts = split(field('thresholds')), split(field('thr_amounts'))
  local crossed = split(field('crossed'))
  local seen = {}
  for _, f in ipairs(crossed) do seen[f] = true end
  local changed = false
  for i, f in ipairs(fractions) do
    if not seen[f] and amounts[i] and cmp(spent, parse(amounts[i])) >= 0 then
      crossed[#crossed + 1] = f
      seen[f] = true
      events[#events + 1] = 'threshold:' .. f
      changed = true
    end
  end
  if changed then redis.call('HSET', K_STATE, 'crossed', table.concat(crossed, ',')) end
end

-- Spent past the limit marks the budget exceeded and opens its circuit breaker.
local function check_exceeded(events)
  if cmp(money('spent'), money('limit')) > 0 then
    if field('exceeded') ~= '1' then
      redis.call('HSET', K_STATE, 'exceeded', '1')
      events[#events + 1] = 'exceeded'
    end
    if field('circuit') ~= '1' then
      redis.call('HSET', K_STATE, 'circuit', '1')
      events[#events + 1] = 'circuit_opened'
    end
  end
end

local function result(code, extra, events)
  local out = {code, '0', extra or '', table.concat(events or {}, ',')}
  local values = redis.call('HMGET', K_STATE, unpack(SNAPSHOT))
  for i = 1, #SNAPSHOT do out[#out + 1] = values[i] or '' end
  return out
end

local function bare(code) return {code, '0', '', ''} end

-- Idempotency: the first answer is kept 24 h with the fingerprint of its parameters and the budget's
-- generation (a deleted and re-created budget does not replay answers of its predecessor).
local function idem_lookup(fp)
  if fp == '' then return nil end
  local stored = redis.call('GET', K_IDEM)
  if not stored then return nil end
  local record = cjson.decode(stored)
  if record.g ~= field('gen') then return nil end
  if record.f ~= fp then return bare('idempotency_conflict') end
  local answer = record.r
  answer[2] = '1'
  answer[4] = ''
  return answer
end

local function idem_store(fp, answer, ttl_ms)
  if fp == '' then return end
  local copy = {}
  for i, v in ipairs(answer) do copy[i] = v end
  copy[4] = ''
  redis.call('SET', K_IDEM, cjson.encode({g = field('gen'), f = fp, r = copy}), 'PX', ttl_ms)
end

local function can_take(amount)
  if field('circuit') == '1' then return 'circuit_open' end
  local committed = add(add(money('spent'), money('reserved')), amount)
  if cmp(committed, money('limit')) > 0 then return 'insufficient_budget' end
  return nil
end
