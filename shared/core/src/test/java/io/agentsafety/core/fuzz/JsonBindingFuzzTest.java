package io.agentsafety.core.fuzz;

import io.agentsafety.testing.fuzz.FuzzBounds;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Money;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.StrictJson;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The JSON binding every controller uses for request bodies ({@link JsonFields} over {@link StrictJson}): any bytes
 * give a bound object or a clean 400, never another exception, within the time bound. What is accepted is checked
 * against a plain Jackson reading of the same bytes: valid JSON, one object, no key twice, nested at most
 * {@link StrictJson#MAX_DEPTH} deep, every number exact (never a double); and a document that is all of that, with
 * short numbers, is accepted. Then every field is read through every typed accessor; the only outcome besides a
 * value is the 400 of {@link JsonFields#validate()}, and an amount read is exactly the decimal that was sent.
 */
class JsonBindingFuzzTest {

    private static final JsonFactory PLAIN = new JsonFactory();
    private static final String DUPLICATE = "is a duplicate key: each field may appear once";

    @FuzzTest(maxDuration = "10s")
    @Timeout(FuzzBounds.HANG_SECONDS)
    void anyBodyBindsOrIsA400(byte[] body) {
        Reading plain = Reading.of(body);
        JsonFields fields;
        try {
            fields = FuzzBounds.withinTimeBound("JsonFields.parse", () -> JsonFields.parse(body));
        } catch (ProblemException e) {
            assertEquals(400, e.status(), e.getMessage());
            assertFalse(plain.acceptable(), "a plain, acceptable JSON object was refused: " + e.getMessage());
            // the message itself may quote a key holding these words: compare the field error's message
            if (e.problem().errors().stream().anyMatch(f -> f.message().equals(DUPLICATE))) {
                assertTrue(plain.duplicateKey, "a duplicate key was reported where Jackson sees none");
            }
            return;
        }
        assertTrue(plain.valid && plain.object, "accepted what Jackson does not read as one object");
        assertFalse(plain.duplicateKey, "accepted a duplicate key");
        assertTrue(plain.maxDepth <= StrictJson.MAX_DEPTH, "accepted nesting " + plain.maxDepth);
        assertExactNumbers(fields.node());
        try {
            FuzzBounds.withinTimeBound("binding", () -> {
                bindEveryField(fields, 0);
                fields.validate();
                return null;
            });
        } catch (ProblemException e) {
            assertEquals(400, e.status(), e.getMessage());
        }
    }

    /** Every typed read the controllers make, on every field, nested objects included. */
    private static void bindEveryField(JsonFields fields, int depth) {
        for (Map.Entry<String, JsonNode> entry : fields.node().entries()) {
            String name = entry.getKey();
            fields.has(name);
            fields.optionalString(name, 64);
            fields.requiredString(name, 1 << 20);
            fields.identifier(name, true);
            fields.optionalBoolean(name);
            Long whole = fields.optionalLong(name, Long.MIN_VALUE, Long.MAX_VALUE);
            if (whole != null) {
                assertEquals(0, decimal(entry.getValue()).compareTo(BigDecimal.valueOf(whole)), name);
            }
            fields.optionalStringList(name, 100, 4096);
            fields.optionalStringMap(name, 256, 4096);
            Long micros = fields.amountMicros(name, true, true);
            if (micros != null) {
                BigDecimal sent = entry.getValue().isString() ? new BigDecimal(entry.getValue().getStringValue())
                    : decimal(entry.getValue());
                assertEquals(0, sent.compareTo(BigDecimal.valueOf(micros, Money.SCALE)), "amount " + name + " re-read");
            }
            JsonFields nested = fields.optionalObject(name);
            if (nested != null && depth < StrictJson.MAX_DEPTH) {
                bindEveryField(nested, depth + 1);
            }
        }
        fields.allowOnly(Set.of("action_type", "params", "run_id"));
    }

    /** The exact value of a number node (only BigDecimal or BigInteger, see {@link #assertExactNumbers}). */
    private static BigDecimal decimal(JsonNode number) {
        Number n = number.getNumberValue();
        return n instanceof BigDecimal d ? d : new BigDecimal((BigInteger) n);
    }

    private static void assertExactNumbers(JsonNode node) {
        if (node.isNumber()) {
            Number n = node.getNumberValue();
            assertTrue(n instanceof BigDecimal || n instanceof BigInteger, "inexact number " + n.getClass());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.entries()) {
                assertExactNumbers(e.getValue());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertExactNumbers(node.get(i));
            }
        }
    }

    /** A plain Jackson reading of the bytes, with no limits of ours: the independent view of what was sent. */
    private static final class Reading {
        boolean valid;
        boolean object;
        boolean duplicateKey;
        boolean exactNumbers = true;
        int maxDepth;

        /** What the strict reader must accept: valid, one object, no duplicate, not too deep, short exact numbers. */
        boolean acceptable() {
            return valid && object && !duplicateKey && maxDepth <= StrictJson.MAX_DEPTH && exactNumbers;
        }

        /** Whether BigDecimal can hold the number (its scale is an int: 1e-2147483648 does not fit). */
        private static boolean decimal(String number) {
            try {
                new BigDecimal(number);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        static Reading of(byte[] body) {
            Reading r = new Reading();
            Deque<Set<String>> keys = new ArrayDeque<>();
            try (JsonParser p = PLAIN.createParser(body)) {
                JsonToken t = p.nextToken();
                r.object = t == JsonToken.START_OBJECT;
                int depth = 0;
                while (t != null) {
                    switch (t) {
                        case START_OBJECT -> {
                            keys.push(new HashSet<>());
                            r.maxDepth = Math.max(r.maxDepth, ++depth);
                        }
                        case START_ARRAY -> {
                            keys.push(new HashSet<>());
                            r.maxDepth = Math.max(r.maxDepth, ++depth);
                        }
                        case END_OBJECT, END_ARRAY -> {
                            keys.pop();
                            depth--;
                        }
                        case FIELD_NAME -> r.duplicateKey |= !keys.peek().add(p.currentName());
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> r.exactNumbers &= p.getText().length() <= 32 && decimal(p.getText());
                        default -> {
                        }
                    }
                    if (depth == 0) {
                        break;
                    }
                    t = p.nextToken();
                }
                r.valid = t != null && p.nextToken() == null;
            } catch (Exception e) {
                r.valid = false;
            }
            return r;
        }
    }
}
