-- Shared prelude of every ledger script: the library of the Redis Functions (loaded once, LedgerLibrary), or
-- prepended to the operation for EVAL. Either way each call starts with begin(KEYS, clock), which resets the
-- per-call state below: in the library these locals outlive a call.
-- KEYS[1] hot state, KEYS[2] reservation amounts (hash), KEYS[3] reservation deadlines (zset), KEYS[4]
-- idempotency or settlement record, KEYS[5] cold info, KEYS[6] the budget's event stream, KEYS[7] the ids
-- of its events not yet copied to the global feed (zset, score = when last handed out); all share the
-- {run_id} hash tag, so one script touches one cluster slot.
-- Money is "U.MMMMMM" (units, exactly 6 decimals) and is computed as (units, micros) pairs of return
-- values (no table per amount): Lua numbers are doubles, exact only to 2^53, and 10^12 units in micro-units
-- would not fit.
-- Speed: a spend reads the hot state (one GET, one pattern match), writes it back once, and answers with
-- the cold info appended verbatim; the cold info is parsed only when a threshold is crossed.
--   hot  = limit|spent|reserved|exceeded|circuit|spend_count|updated_at|expires_at|next_thr|ttl|gen
--   info = currency\ncreated_at\nmetadata\nthresholds\ncrossed<RS>thr_amounts<RS>fp   (RS = \30)
-- next_thr is the lowest threshold amount not yet crossed ('' when none is left).
local K_STATE, K_RES, K_RESX, K_IDEM, K_INFO, K_EVENTS, K_UNSENT
-- KEYS[8], on a standalone Redis only: the index of runs (zset safety:budgets:index, score = created_at ms),
-- which create and delete keep in the same atomic step. In a cluster it lives in another slot, so it is not
-- passed and the caller updates it right after the script (BudgetIndex).
local K_INDEX
-- the budget's own event stream is capped (approximately) at this many entries
local EVENTS_MAX = '1000'
-- at most this many uncopied events are handed out again per call
local CLAIM_MAX = 100
local M = 1000000
local NONE = '0.000000'
-- a budget's TTL is pushed back when at least this much of it has been used since the last push
local TTL_SLACK_MS = 60000
local HOT = '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$'
local INFO = '^([^\n]*)\n([^\n]*)\n([^\n]*)\n([^\n]*)\n([^\n]*)\30([^\30]*)\30(.*)$'

-- per call: hot state, cold info (parsed, raw), the events handed to the caller for the global copy
-- ("id;type;spent;limit;currency;circuit;at"), whether state or info need writing, the deadline prelude's TIME (ms)
local S, I, info_raw, OUT, dirty, info_dirty, CLOCK
-- Memos that outlive a call in the library (in an EVAL chunk they last one call), each keyed by the very text it was
-- computed from, so a hit is exactly what computing again would give; they spare a hot budget's spend most of its
-- parsing, formatting and garbage (Lua 5.1 strings are interned: comparing two is one pointer comparison).
-- The hot state's table, kept across calls, and HOT_TEXT: the text it holds the fields of (nil when unknown). A load
-- that reads that very text (the budget's last call ran here and wrote it) skips the pattern match; set forgets it.
local HOT_FIELDS, HOT_TEXT = {}, nil
-- amounts by field name: the text parsed last and its (units, micros); see money
local PS, PU, PM = {}, {}, {}
-- the cold info seen last and its reply part (see body)
local COLD_RAW, COLD_REPLY
-- the amount argument parsed last (see amount_arg), and the clock reading formatted last (see ms_clock)
local ARG_TEXT, ARG_U, ARG_M, CLOCK_MS, CLOCK_TEXT
-- whole-number fields by name (spend_count, ttl, expires_at): the text parsed last and its number; see num
local NS, NN = {}, {}

local function begin(keys, clock)
  K_STATE, K_RES, K_RESX, K_IDEM, K_INFO, K_EVENTS, K_UNSENT, K_INDEX =
    keys[1], keys[2], keys[3], keys[4], keys[5], keys[6], keys[7], keys[8]
  S, I, info_raw, OUT, dirty, info_dirty, CLOCK = nil, nil, nil, {}, false, false, clock
end

-- One MGET for the hot state and the cold info: nearly every answer carries the info (body), and a call from the
-- script costs more than the few hundred bytes it reads.
local function load()
  local both = redis.call('MGET', K_STATE, K_INFO)
  local raw = both[1]
  if not raw then return false end
  info_raw = both[2] or ''
  S = HOT_FIELDS
  if raw == HOT_TEXT then return true end
  HOT_TEXT = nil
  local l, sp, r, ex, c, n, u, e, nt, t, g = string.match(raw, HOT)
  if not g then error('ledger: malformed state') end
  S.limit, S.spent, S.reserved, S.exceeded, S.circuit, S.spend_count, S.updated_at, S.expires_at, S.next_thr, S.ttl,
    S.gen = l, sp, r, ex, c, n, u, e, nt, t, g
  HOT_TEXT = raw
  return true
end
local function set(name, value) S[name] = value; HOT_TEXT = nil; dirty = true end

local function raw_info()
  if not info_raw then info_raw = redis.call('GET', K_INFO) or '' end
  return info_raw
end
-- The cold info, parsed on first use.
local function info()
  if not I then
    local cur, created, meta, thr, crossed, amounts, fp = string.match(raw_info(), INFO)
    if not cur then error('ledger: malformed info') end
    I = {currency = cur, created_at = created, metadata = meta, thresholds = thr, crossed = crossed,
      thr_amounts = amounts, fp = fp}
  end
  return I
end
local function set_info(name, value) info()[name] = value; info_dirty = true end

local function flush()
  if dirty then
    local text = S.limit .. '|' .. S.spent .. '|' .. S.reserved .. '|' .. S.exceeded .. '|' .. S.circuit
      .. '|' .. S.spend_count .. '|' .. S.updated_at .. '|' .. S.expires_at .. '|' .. S.next_thr .. '|' .. S.ttl
      .. '|' .. S.gen
    redis.call('SET', K_STATE, text, 'KEEPTTL')
    -- the fields now are those of the text written (create fills a table of its own)
    if S == HOT_FIELDS then HOT_TEXT = text end
    dirty = false
  end
  if info_dirty then
    info_raw = I.currency .. '\n' .. I.created_at .. '\n' .. I.metadata .. '\n' .. I.thresholds .. '\n' .. I.crossed
      .. '\30' .. I.thr_amounts .. '\30' .. I.fp
    redis.call('SET', K_INFO, info_raw, 'KEEPTTL')
    info_dirty = false
  end
end

local function parse(s)
  if not s or s == '' or s == NONE then return 0, 0 end
  -- plain substrings are much cheaper than a pattern match in Lua 5.1
  local u, m = tonumber(string.sub(s, 1, -8)), tonumber(string.sub(s, -6))
  if not u or not m or string.byte(s, -7) ~= 46 then error('ledger: malformed amount') end
  return u, m
end
-- whole numbers (units, ms, counts) are printed with %d: an integer conversion, cheaper than %.0f, same digits
local function fmt(u, m) return string.format('%d.%06d', u, m) end
local function add(u1, m1, u2, m2)
  local u, m = u1 + u2, m1 + m2
  if m >= M then return u + 1, m - M end
  return u, m
end
local function sub(u1, m1, u2, m2)
  local u, m = u1 - u2, m1 - m2
  if m < 0 then m = m + M; u = u - 1 end
  if u < 0 then return 0, 0 end
  return u, m
end
local function cmp(u1, m1, u2, m2)
  if u1 ~= u2 then return u1 < u2 and -1 or 1 end
  if m1 ~= m2 then return m1 < m2 and -1 or 1 end
  return 0
end
-- A field's amount, parsed once while its text stays the same (a spend reads 'spent' four times; the next spend on the
-- budget finds the text this one wrote): set may change the text, and a changed text is parsed again.
local function money(name)
  local s = S[name]
  if s ~= nil and PS[name] == s then return PU[name], PM[name] end
  local u, m = parse(s)
  PS[name], PU[name], PM[name] = s, u, m
  return u, m
end
local function set_money(name, u, m)
  local s = fmt(u, m)
  S[name] = s
  PS[name], PU[name], PM[name] = s, u, m
  HOT_TEXT = nil
  dirty = true
end
-- an amount argument (callers repeat the same few amounts)
local function amount_arg(s)
  if s ~= ARG_TEXT then ARG_U, ARG_M = parse(s); ARG_TEXT = s end
  return ARG_U, ARG_M
end
local function nowms()
  -- the deadline prelude's reading of TIME, when it took one: same call, same clock
  if CLOCK then return CLOCK end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function ms(n) return string.format('%d', n) end
-- A whole-number field, parsed once while its text stays the same (tonumber is a strtod: the next spend finds the
-- spend_count this one wrote, ttl and expires_at rarely change); nil when the text is not a number.
local function num(name)
  local s = S[name]
  if NS[name] ~= s then NS[name], NN[name] = s, tonumber(s) end
  return NN[name]
end
local function set_num(name, n)
  local s = ms(n)
  set(name, s)
  NS[name], NN[name] = s, n
end
-- the clock reading as text (spends in the same millisecond share it)
local function ms_clock(now)
  if now ~= CLOCK_MS then CLOCK_MS, CLOCK_TEXT = now, ms(now) end
  return CLOCK_TEXT
end
-- the run id, from the hot state key budget:{run_id}:state (the keys are the one source of it)
local function run_id() return string.match(K_STATE, '^budget:{(.*)}:state$') end

-- Reservations whose deadline passed give their amount back (bounded work per call). Nothing to do,
-- and no call made, while nothing is reserved.
local function expire_reservations(now)
  if S.reserved == NONE then return end
  local ids = redis.call('ZRANGEBYSCORE', K_RESX, '-inf', now, 'LIMIT', 0, 256)
  if #ids == 0 then return end
  local ru, rm = money('reserved')
  for _, id in ipairs(ids) do
    local amount = redis.call('HGET', K_RES, id)
    if amount then
      local au, am = parse(amount)
      ru, rm = sub(ru, rm, au, am)
      redis.call('HDEL', K_RES, id)
    end
    redis.call('ZREM', K_RESX, id)
  end
  set_money('reserved', ru, rm)
  -- written at once: whatever the script answers next (a replay, a refusal), the release is kept
  flush()
end

-- Every key of the budget lives as long as the budget's ttl after its last activity. The expiry is
-- pushed back when it is more than a minute stale, or always when asked (new keys were written).
local function touch(now, force)
  local ttl = num('ttl') * 1000
  local expires = num('expires_at') or 0
  if force or now + ttl - expires >= TTL_SLACK_MS then
    set_num('expires_at', now + ttl)
    flush()
    redis.call('PEXPIRE', K_STATE, ttl)
    redis.call('PEXPIRE', K_RES, ttl)
    redis.call('PEXPIRE', K_RESX, ttl)
    redis.call('PEXPIRE', K_INFO, ttl)
    redis.call('PEXPIRE', K_EVENTS, ttl)
    redis.call('PEXPIRE', K_UNSENT, ttl)
  end
end

local function handed_out(id, fields)
  local f = {}
  for i = 1, #fields, 2 do f[fields[i]] = fields[i + 1] end
  OUT[#OUT + 1] = id .. ';' .. f.type .. ';' .. f.spent .. ';' .. f.limit .. ';' .. f.currency .. ';' .. f.circuit_open
    .. ';' .. f.at
end

-- The durable record of the events this call caused: appended to the budget's own stream in the same
-- atomic step as the change (call after touch/flush: the entry shows the final state), marked unsent, and
-- handed to the caller, who copies them to the global feed and then acknowledges them (ack.lua).
local function emit(events, now)
  if #events == 0 then return end
  local circuit = S.circuit == '1' and 'true' or 'false'
  local fields = {'type', '', 'spent', S.spent, 'limit', S.limit, 'currency', info().currency, 'circuit_open', circuit,
    'at', ms(now)}
  for _, e in ipairs(events) do
    fields[2] = e
    local id = redis.call('XADD', K_EVENTS, 'MAXLEN', '~', EVENTS_MAX, '*', unpack(fields))
    redis.call('ZADD', K_UNSENT, now, id)
    handed_out(id, fields)
  end
  local expires = num('expires_at')
  redis.call('PEXPIREAT', K_EVENTS, expires)
  redis.call('PEXPIREAT', K_UNSENT, expires)
end

-- Events handed out at least min_age ms ago and never acknowledged (the copier failed or died) are handed
-- out again, oldest first; an entry the stream no longer holds (trimmed, expired) is dropped from the set.
local function claim(now, min_age)
  local ids = redis.call('ZRANGEBYSCORE', K_UNSENT, '-inf', now - min_age, 'LIMIT', 0, CLAIM_MAX)
  for _, id in ipairs(ids) do
    local entry = redis.call('XRANGE', K_EVENTS, id, id)[1]
    if entry then
      redis.call('ZADD', K_UNSENT, 'XX', now, id)
      handed_out(id, entry[2])
    else
      redis.call('ZREM', K_UNSENT, id)
    end
  end
end

local function split(s)
  local out = {}
  if s then for item in string.gmatch(s, '[^,]+') do out[#out + 1] = item end end
  return out
end

-- The lowest threshold amount not yet crossed ('' when all are): spends below it skip the threshold work.
local function next_threshold(fractions, amounts, seen)
  local lowest, lu, lm = nil, 0, 0
  for i, f in ipairs(fractions) do
    if not seen[f] and amounts[i] then
      local u, m = parse(amounts[i])
      if not lowest or cmp(u, m, lu, lm) < 0 then lowest, lu, lm = amounts[i], u, m end
    end
  end
  return lowest or ''
end

-- A threshold is crossed once: the fraction joins 'crossed' and one event is returned, never again.
-- Below the next threshold amount this costs one comparison; force recomputes after a limit change.
local function check_thresholds(events, force)
  local su, sm = money('spent')
  if not force then
    if S.next_thr == '' then return end
    local nu, nm = money('next_thr')
    if cmp(su, sm, nu, nm) < 0 then return end
  end
  local inf = info()
  if inf.thresholds == '' then return end
  local fractions, amounts = split(inf.thresholds), split(inf.thr_amounts)
  local crossed = split(inf.crossed)
  local seen = {}
  for _, f in ipairs(crossed) do seen[f] = true end
  local changed = false
  for i, f in ipairs(fractions) do
    local au, am = parse(amounts[i])
    if not seen[f] and amounts[i] and (su > 0 or sm > 0) and cmp(su, sm, au, am) >= 0 then
      crossed[#crossed + 1] = f
      seen[f] = true
      events[#events + 1] = 'threshold:' .. f
      changed = true
    end
  end
  if changed then set_info('crossed', table.concat(crossed, ',')) end
  local upcoming = next_threshold(fractions, amounts, seen)
  if upcoming ~= S.next_thr then set('next_thr', upcoming) end
end

-- Spent past the limit marks the budget exceeded and opens its circuit breaker.
local function check_exceeded(events)
  local su, sm = money('spent')
  local lu, lm = money('limit')
  if cmp(su, sm, lu, lm) > 0 then
    if S.exceeded ~= '1' then
      set('exceeded', '1')
      events[#events + 1] = 'exceeded'
    end
    if S.circuit ~= '1' then
      set('circuit', '1')
      events[#events + 1] = 'circuit_opened'
    end
  end
end

-- Answers are one string, fields separated by newlines (no field contains one): code, replayed, extra,
-- events, the hot snapshot (limit, spent, reserved, exceeded, circuit, spend_count, updated_at,
-- expires_at), the reply part of the info (currency, created_at, metadata, thresholds, crossed), then the
-- events handed out for the global copy (see emit; not kept in idempotency records). body ends with the newline
-- before that last field, so a call that hands out nothing answers with the body itself, the text it also stores
-- (one string of a few hundred bytes less to build per call; a replayed record without that newline, as older
-- versions stored it, reads the same: a missing last field is an empty one).
local function body(code, extra, events)
  local cold = raw_info()
  if cold ~= COLD_RAW then
    local cut = string.find(cold, '\30', 1, true)
    COLD_RAW, COLD_REPLY = cold, string.sub(cold, 1, (cut or 0) - 1)
  end
  return code .. '\n0\n' .. (extra or '') .. '\n' .. (events and table.concat(events, ',') or '') .. '\n'
    .. S.limit .. '\n' .. S.spent .. '\n' .. S.reserved .. '\n' .. S.exceeded .. '\n' .. S.circuit .. '\n'
    .. S.spend_count .. '\n' .. S.updated_at .. '\n' .. S.expires_at .. '\n' .. COLD_REPLY .. '\n'
end
-- stored: the body idem_store kept (events left out), reused when the call caused none: the same text
local function result(code, extra, events, stored)
  local b = stored and (not events or #events == 0) and stored or body(code, extra, events)
  if #OUT == 0 then return b end
  return b .. table.concat(OUT, ',')
end

local function bare(code) return code .. '\n0\n\n' end

-- Idempotency: the first answer (without its events) is kept 24 h as "generation\nfingerprint\nanswer";
-- the generation keeps a deleted and re-created budget from replaying answers of its predecessor. A key the
-- caller marks fresh ('1': a keyless call's first attempt, under a random key of its own) cannot have a record yet.
local function idem_lookup(fp, fresh)
  if fp == '' or fresh == '1' then return nil end
  local stored = redis.call('GET', K_IDEM)
  if not stored then return nil end
  local gen_end = string.find(stored, '\n', 1, true)
  local fp_end = string.find(stored, '\n', gen_end + 1, true)
  if string.sub(stored, 1, gen_end - 1) ~= S.gen then return nil end
  if string.sub(stored, gen_end + 1, fp_end - 1) ~= fp then return bare('idempotency_conflict') end
  local answer = string.sub(stored, fp_end + 1)
  local code_end = string.find(answer, '\n', 1, true)
  return string.sub(answer, 1, code_end) .. '1' .. string.sub(answer, code_end + 2)
end

-- returns the body it kept (for result), nil without a fingerprint; ttl_ms is the caller's argument text, passed on
-- as it is (a Lua number given to redis.call is printed with %.17g by Redis, a float formatting per call)
local function idem_store(fp, code, extra, ttl_ms)
  if fp == '' then return nil end
  local b = body(code, extra, nil)
  redis.call('SET', K_IDEM, S.gen .. '\n' .. fp .. '\n' .. b, 'PX', ttl_ms)
  return b
end

local function can_take(au, am)
  if S.circuit == '1' then return 'circuit_open' end
  local su, sm = money('spent')
  local ru, rm = money('reserved')
  local lu, lm = money('limit')
  local cu, cm = add(su, sm, ru, rm)
  cu, cm = add(cu, cm, au, am)
  if cmp(cu, cm, lu, lm) > 0 then return 'insufficient_budget' end
  return nil
end

-- Removes reservation `id` (commit and release settle it) and gives its amount back to the budget:
-- returns the reserved amount, or nil when no such reservation is pending (expired or settled).
local function settle_reservation(id)
  local amount = redis.call('HGET', K_RES, id)
  if not amount then return nil end
  redis.call('HDEL', K_RES, id)
  redis.call('ZREM', K_RESX, id)
  local ru, rm = money('reserved')
  local xu, xm = parse(amount)
  set_money('reserved', sub(ru, rm, xu, xm))
  return amount
end
