package io.agentsafety.testing;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Assertions on parsed document trees (maps, lists, scalars), as YAML and JSON readers build them. */
public final class TreeAssertions {

    private TreeAssertions() {
    }

    /**
     * Equal with the same types and the same key order everywhere (order matters to readers of such trees, e.g. the
     * detector table's macros expand in order); a difference names its path under {@code where}.
     */
    public static void assertSameTree(Object expected, Object actual, String where) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, where);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), where + ": type");
        if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(List.copyOf(e.keySet()), List.copyOf(a.keySet()), where + ": keys");
            for (Object k : e.keySet()) {
                assertSameTree(e.get(k), a.get(k), where + "." + k);
            }
        } else if (expected instanceof List<?> e) {
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), where + ": size");
            for (int i = 0; i < e.size(); i++) {
                assertSameTree(e.get(i), a.get(i), where + "[" + i + "]");
            }
        } else {
            assertEquals(expected, actual, where);
        }
    }
}
