-- ARGV: lease ms. Hands out again the events whose global copy was not acknowledged within the lease
-- (works after the budget was deleted, as long as its event stream lives). Answers only the handed-out
-- events, comma-separated (see emit).
claim(nowms(), tonumber(ARGV[1]))
return table.concat(OUT, ',')
