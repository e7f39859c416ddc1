-- KEYS[1] an index. ARGV[1] highest score (inclusive), ARGV[2] how many. Newest first, "id score" per line.
local rows = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[1], '-inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for i = 1, #rows, 2 do out[#out + 1] = rows[i] .. ' ' .. rows[i + 1] end
return table.concat(out, '\n')
