-- ARGV: new limit ('' = unchanged), its threshold amounts, circuit ('' = unchanged, '0' close, '1' open)
if not load() then return bare('not_found') end
local now = nowms()
expire_reservations(now)
local events = {}
if ARGV[1] ~= '' then
  set('limit', ARGV[1])
  set_info('thr_amounts', ARGV[2])
  local su, sm = money('spent')
  local lu, lm = money('limit')
  if cmp(su, sm, lu, lm) <= 0 then set('exceeded', '0') end
  check_exceeded(events)
end
if ARGV[3] == '0' and S.circuit == '1' then
  set('circuit', '0')
  events[#events + 1] = 'circuit_closed'
elseif ARGV[3] == '1' and S.circuit ~= '1' then
  set('circuit', '1')
  events[#events + 1] = 'circuit_opened'
end
-- a new limit moves every threshold amount: recompute which comes next
check_thresholds(events, ARGV[1] ~= '')
set('updated_at', ms(now))
touch(now, false)
flush()
emit(events, now)
return result('ok', '', events)
