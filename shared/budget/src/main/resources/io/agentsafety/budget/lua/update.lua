-- ARGV: new limit ('' = unchanged), its threshold amounts, circuit ('' = unchanged, '0' close, '1' open)
if redis.call('EXISTS', K_STATE) == 0 then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local events = {}
if ARGV[1] ~= '' then
  redis.call('HSET', K_STATE, 'limit', ARGV[1], 'thr_amounts', ARGV[2])
  if cmp(money('spent'), money('limit')) <= 0 then redis.call('HSET', K_STATE, 'exceeded', '0') end
  check_exceeded(events)
end
if ARGV[3] == '0' and field('circuit') == '1' then
  redis.call('HSET', K_STATE, 'circuit', '0')
  events[#events + 1] = 'circuit_closed'
elseif ARGV[3] == '1' and field('circuit') ~= '1' then
  redis.call('HSET', K_STATE, 'circuit', '1')
  events[#events + 1] = 'circuit_opened'
end
check_thresholds(events)
redis.call('HSET', K_STATE, 'updated_at', string.format('%.0f', now))
touch(now)
return result('ok', '', events)
