package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ValueChecks' shape regexes run behind their required literals: the guard may only skip a regex that could not have
 * matched. Checked for every shape on every token of the detector table and the value-word lists (and their case
 * variants, and values written to match each shape): the guarded answer equals the regex's own.
 */
class ValueShapesTest {

    @Test
    void guardedShapesAnswerAsTheirRegexes() throws Exception {
        Set<String> values = new LinkedHashSet<>(List.of("123-45", "12.5 ms", "-verbose", ".qualifier", "ABCDEFGHIJ", "x0123456789",
            "(?i)abc", "[^a-z]", "\\d+", "a{2,3}", "[a-z]", "(a, b)", "--opt=", "-o", "Content-Type", ":name:", "name:", "camelCase",
            "CamelCase", "hmac-sha256", "SHA-256", "sha256:abcdef", "md5=x", "https://x.y/z", "s3://b", "/usr/bin", "./x", "../x",
            "C:\\x", "~/x", "data:text/plain", "DATA:image/png", "a/b/c", "lib/x.so/", "\u212Aey", "\u017Fha256:x"));
        for (String resource : List.of(DetectorTable.RESOURCE, "/io/agentsafety/redaction/value-words.yaml")) {
            try (InputStream in = ValueShapesTest.class.getResourceAsStream(resource)) {
                for (String token : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[\\s'\"«»,]+")) {
                    values.add(token);
                    values.add(token.toUpperCase(Locale.ROOT));
                    values.add(token.toLowerCase(Locale.ROOT));
                }
            }
        }
        int shapes = 0;
        int matched = 0;
        for (Field f : ValueChecks.class.getDeclaredFields()) {
            if (f.getType() != ValueChecks.Shape.class || !Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            ValueChecks.Shape shape = (ValueChecks.Shape) f.get(null);
            shapes++;
            for (String v : values) {
                boolean matches = shape.pattern().matches(v);
                boolean found = shape.pattern().matcher(v).find();
                assertEquals(matches, shape.matches(v), f.getName() + " matches " + v);
                assertEquals(found, shape.find(v), f.getName() + " find " + v);
                matched += found ? 1 : 0;
            }
        }
        assertTrue(shapes >= 15 && matched > 1000, shapes + " shapes, " + matched + " matches over " + values.size() + " values");
    }
}
