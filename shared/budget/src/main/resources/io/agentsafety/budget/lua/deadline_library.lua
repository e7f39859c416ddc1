-- deadline.lua's check for a Redis Functions library (LedgerScripts): the same decision and the same clock reading,
-- without deadline.lua's three strtod per call (tonumber of the deadline and of TIME's two fields; a strtod costs
-- more than the rest of the check). Loaded once with the library, before its prelude; each function starts with
--   local DEADLINE_OVER, DEADLINE_CLOCK_MS = deadline_check(ARGV)  (then answers 'deadline_passed' if passed).
-- How: a number in ms is (seconds text) * 1000 + (its last three digits). The seconds part of TIME and of the
-- deadline changes once a second, so each is parsed once per second (a memo keyed by its text: Lua strings are
-- interned, a hit is one pointer comparison); the three-digit parts are looked up in tables built here.
-- Any deadline text not of the form [1-9] followed by 3..14 digits (below 2^53, so both ways are exact) (tools' '0', anything odd) takes deadline.lua's
-- own expression, tonumber, so every text gets exactly deadline.lua's answer.

-- milliseconds of TIME's microseconds text (0..999999, unpadded) by its text less the last three digits, and the
-- value of a deadline's last three digits ('000'..'999'); filled by the first call (a library's load may not use the
-- string library)
local USEC_MS, LAST3
local function fill_tables()
  USEC_MS, LAST3 = {[''] = 0}, {}
  for n = 0, 999 do
    USEC_MS[string.format('%d', n)] = n
    LAST3[string.format('%03d', n)] = n
  end
end
-- the seconds text of TIME seen last and its ms; the deadline's text less its last three digits and its ms (false
-- when that part is not [1-9][0-9]{0,11})
local CLOCK_SEC, CLOCK_SEC_MS, DEADLINE_SEC, DEADLINE_SEC_MS

local function deadline_ms(text)
  local head = string.sub(text, 1, -4)
  if head ~= DEADLINE_SEC then
    DEADLINE_SEC = head
    DEADLINE_SEC_MS = #head <= 12 and string.find(head, '^[1-9]%d*$') ~= nil and tonumber(head) * 1000
  end
  local tail = #text > 3 and LAST3[string.sub(text, -3)]
  if DEADLINE_SEC_MS and tail then return DEADLINE_SEC_MS + tail end
  return tonumber(text)
end

-- Removes the deadline (the last ARGV); answers whether it has passed by this server's clock, and the clock's
-- reading in ms (nil without a deadline: '0', or a text that is no positive number).
local function deadline_check(argv)
  if not LAST3 then fill_tables() end
  local deadline = deadline_ms(table.remove(argv))
  if not (deadline and deadline > 0) then return false, nil end
  local now = redis.call('TIME')
  local sec, usec = now[1], now[2]
  if sec ~= CLOCK_SEC then CLOCK_SEC, CLOCK_SEC_MS = sec, tonumber(sec) * 1000 end
  local clock = CLOCK_SEC_MS + (USEC_MS[string.sub(usec, 1, -4)] or math.floor(tonumber(usec) / 1000))
  return clock > deadline, clock
end
