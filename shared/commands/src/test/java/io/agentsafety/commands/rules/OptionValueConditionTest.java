package io.agentsafety.commands.rules;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code option_value} is loaded strictly: both keys, a map, valid matchers (its matching is shown by the rules' examples). */
class OptionValueConditionTest {

    @Test
    void needsBothOptionsAndMatchers() {
        assertDoesNotThrow(() -> new Condition(Map.of("command", List.of("kubectl"),
            "option_value", Map.of("options", List.of("-f"), "any", List.of("re:^[^-]"))), "t"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new Condition(Map.of(
            "command", List.of("kubectl"), "option_value", Map.of("options", List.of("-f"))), "t"));
        assertTrue(missing.getMessage().contains("option_value"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Condition(Map.of("command", List.of("kubectl"),
            "option_value", List.of("-f")), "t"));
        assertThrows(IllegalArgumentException.class, () -> new Condition(Map.of("command", List.of("kubectl"),
            "option_value", Map.of("options", List.of("-f"), "any", List.of("@no_such_class"))), "t"));
    }
}
