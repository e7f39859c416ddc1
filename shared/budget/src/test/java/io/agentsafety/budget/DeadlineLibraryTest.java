package io.agentsafety.budget;

import io.agentsafety.testing.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's deadline check ({@code deadline_library.lua}, parsing memos kept across calls) decides exactly as
 * {@code deadline.lua} (three tonumber per call) and reads the same clock when it goes on, for every deadline text and clock:
 * both run in one real Redis library with {@code TIME} replaced by a clock the test sets, over boundaries (the clock
 * one ms before, at and after the deadline; microseconds 0, 999, 1000, 999999), odd texts ('0', '', '-5', '1e15',
 * leading zeros or signs, hex, past 2^53) and 20,000 random readings in an order that makes the memos hit and miss.
 */
class DeadlineLibraryTest {

    private static String withFakeTime(String lua) {
        String replaced = lua.replace("redis.call('TIME')", "fake_time()");
        assertTrue(!replaced.equals(lua), "the check reads TIME");
        return replaced;
    }

    private static String library() {
        return "#!lua name=deadline_equivalence\n"
            + "local FAKE_SEC, FAKE_USEC\nlocal function fake_time() return {FAKE_SEC, FAKE_USEC} end\n"
            + withFakeTime(DeadlineScripts.DEADLINE_LIBRARY) + "\n"
            + "local function as_eval(ARGV)\n" + withFakeTime(DeadlineScripts.DEADLINE_PRELUDE) + "\n"
            + "return false, DEADLINE_CLOCK_MS\nend\n"
            + """
            local cases, wrong, first = 0, 0, ''
            local function compare(deadline, sec, usec)
              FAKE_SEC, FAKE_USEC = sec, usec
              local a, b = {'x', deadline}, {'x', deadline}
              local old_passed, old_clock = as_eval(a)
              local new_passed, new_clock = deadline_check(b)
              old_passed = old_passed == 'deadline_passed'
              cases = cases + 1
              -- a passed deadline ends the call: its clock is not used (deadline.lua answers without it)
              if old_passed ~= new_passed or (not old_passed and old_clock ~= new_clock) or #a ~= 1 or #b ~= 1 then
                wrong = wrong + 1
                if first == '' then
                  first = deadline .. ' at ' .. sec .. ' ' .. usec .. ': ' .. tostring(old_passed) .. ' ' .. tostring(old_clock)
                    .. ' vs ' .. tostring(new_passed) .. ' ' .. tostring(new_clock)
                end
              end
            end
            redis.register_function('deadline_equivalence', function(KEYS, ARGV)
              local secs = {'1765152427', '1765152428', '1', '0', '4102444800', '999999999999'}
              local usecs = {'0', '1', '999', '1000', '1001', '5000', '99999', '123456', '999000', '998999', '999999'}
              local odd = {'0', '', 'abc', '-5', '5', '999', '1000', '0123456789012', '1e15', ' 1765152427712',
                '+1765152427712', '1765152427712.5', '0x1234567890', '17651524277120000000', '9007199254740993',
                '999999999999999', '1000000000000000', '1765152427712 ', '00001765152427712', '1765152427-12'}
              for _, sec in ipairs(secs) do
                for _, usec in ipairs(usecs) do
                  local clock = tonumber(sec) * 1000 + math.floor(tonumber(usec) / 1000)
                  for _, delta in ipairs({-1001, -1000, -999, -1, 0, 1, 999, 1000, 1001}) do
                    compare(string.format('%d', clock + delta), sec, usec)
                    compare(string.format('%d', clock + delta), sec, usec)
                  end
                  for _, d in ipairs(odd) do compare(d, sec, usec) end
                end
              end
              for i = 1, 20000 do
                local sec = string.format('%d', 1765152000 + math.random(0, 3))
                local usec = string.format('%d', math.random(0, 999999))
                local clock = tonumber(sec) * 1000 + math.floor(tonumber(usec) / 1000)
                compare(string.format('%d', clock + math.random(-1500, 1500)), sec, usec)
              end
              return {cases, wrong, first}
            end)
            """;
    }

    @Test
    void theLibraryCheckDecidesAndReadsTheClockExactlyAsTheEvalPrelude() {
        try (EmbeddedRedis redis = EmbeddedRedis.startNew()) {
            RedisClient client = RedisClient.create(redis.uri());
            try {
                RedisCommands<String, String> commands = client.connect().sync();
                commands.functionLoad(library(), true);
                List<Object> result = commands.fcall("deadline_equivalence", ScriptOutputType.MULTI, new String[0]);
                assertEquals(6 * 11 * (9 * 2 + 20) + 20000, ((Number) result.get(0)).intValue(), "cases run");
                assertEquals(0, ((Number) result.get(1)).intValue(), "first difference: " + result.get(2));
            } finally {
                client.shutdown();
            }
        }
    }
}
