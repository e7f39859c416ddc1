package io.agentsafety.redaction;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in table compiles each row's regexes on first use (issue 17, cold start): a lazily read row must be the
 * row read eagerly, and a redactor whose rows compile while several threads redact at once must find what an
 * eagerly compiled one finds.
 */
class LazyTableTest {

    private static DetectorTable read(boolean lazy) throws Exception {
        try (InputStream in = DetectorTable.class.getResourceAsStream(DetectorTable.RESOURCE)) {
            return DetectorTable.parse(in, lazy);
        }
    }

    @Test
    void lazyRowsCompileToTheEagerRows() throws Exception {
        List<Detector> eager = read(false).detectors();
        List<Detector> lazy = read(true).detectors();
        assertEquals(eager.size(), lazy.size());
        for (int i = 0; i < eager.size(); i++) {
            Detector e = eager.get(i);
            Detector l = lazy.get(i);
            String id = e.id();
            assertEquals(e.pattern().pattern(), l.pattern().pattern(), id);
            assertEquals(e.anchoredPattern().pattern(), l.anchoredPattern().pattern(), id);
            assertEquals(e.pattern().flags(), l.pattern().flags(), id);
            assertArrayEquals(e.secretGroups(), l.secretGroups(), id);
            assertEquals(e.keyGroup(), l.keyGroup(), id);
            assertEquals(e.values() == null ? null : e.values().pattern(), l.values() == null ? null : l.values().pattern(), id);
            assertArrayEquals(e.valueGroups(), l.valueGroups(), id);
            assertEquals(e.allow().stream().map(p -> p.pattern()).toList(), l.allow().stream().map(p -> p.pattern()).toList(), id);
            assertEquals(String.valueOf(e.required() == null ? null : e.required().literals()),
                String.valueOf(l.required() == null ? null : l.required().literals()), id);
            assertEquals(e.anchor(), l.anchor(), id);
        }
    }

    @Test
    void rowsCompilingUnderConcurrentRedactionFindTheSame() throws Exception {
        DetectorTable eagerTable = read(false);
        List<String> texts = new ArrayList<>();
        for (DetectorTable.Examples ex : eagerTable.examples()) {
            for (String s : ex.redact()) {
                texts.add(DetectorExamplesTest.Marked.parse(s).text());
            }
            texts.addAll(ex.keep());
        }
        String all = String.join("\n", texts);
        Redactor eager = Redactor.builder().table(eagerTable).build();
        String expected = eager.redact(all).redacted();
        List<String> expectedFindings = eager.redact(all).findings().stream().map(Finding::toString).toList();
        for (int round = 0; round < 2; round++) {
            Redactor lazy = Redactor.builder().table(read(true)).build();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    // each thread starts at another example, so that rows compile first in different threads
                    int from = t * texts.size() / 4;
                    runs.add(pool.submit(() -> {
                        List<String> out = new ArrayList<>();
                        for (int k = 0; k < texts.size(); k++) {
                            lazy.redact(texts.get((from + k) % texts.size()));
                        }
                        RedactionResult r = lazy.redact(all);
                        out.add(r.redacted());
                        r.findings().forEach(f -> out.add(f.toString()));
                        return out;
                    }));
                }
                for (Future<List<String>> run : runs) {
                    List<String> out = run.get();
                    assertEquals(expected, out.get(0));
                    assertEquals(expectedFindings, out.subList(1, out.size()));
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertTrue(expectedFindings.size() > 400, "findings: " + expectedFindings.size());
    }

    @Test
    void anEagerReadStillNamesAMalformedRow() {
        String yaml = "detectors:\n- id: broken\n  kind: broken_kind\n  keywords: ['x']\n  regex: '(unclosed'\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DetectorTable.parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("broken.regex"), e.getMessage());
    }
}
