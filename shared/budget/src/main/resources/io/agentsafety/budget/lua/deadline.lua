-- Prepended to every ledger and approval script (DeadlineScripts). The caller's deadline (ms since the epoch) is
-- always the last ARGV and is removed here, so every script reads its own arguments unchanged. Past it, by this
-- server's own clock, the caller has given up and answered 503 "nothing was written": a command queued behind a
-- paused or busy server must not apply later (a spend retried without an idempotency key would count twice).
-- '0' = no deadline (tests and tools). DEADLINE_CLOCK_MS keeps the reading (nil without a deadline), so a script
-- that needs the time as well does not call TIME a second time (the ledger's nowms).
local DEADLINE = tonumber(table.remove(ARGV))
local DEADLINE_CLOCK_MS
if DEADLINE and DEADLINE > 0 then
  local now = redis.call('TIME')
  DEADLINE_CLOCK_MS = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  if DEADLINE_CLOCK_MS > DEADLINE then
    return 'deadline_passed'
  end
end
