package io.agentsafety.local.worker;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeferredLogTest {

    @Test
    void linesWaitForTheDrainAfterTheAnswerWhateverTheirWritersFlush() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        DeferredLog log = new DeferredLog(stderr, TimeUnit.HOURS.toMillis(1));
        PrintStream console = new PrintStream(log, true, StandardCharsets.UTF_8);
        console.println("decision dec_1 verdict=deny");
        console.flush();
        assertEquals(0, stderr.size(), "held back during the invocation, even when the writer flushes");

        log.drain();
        assertEquals("decision dec_1 verdict=deny\n", stderr.toString(StandardCharsets.UTF_8));
        log.drain();
        assertEquals("decision dec_1 verdict=deny\n", stderr.toString(StandardCharsets.UTF_8), "written once");
    }

    @Test
    void moreThanTheBufferKeepsItsOrderAndLosesNothing() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        DeferredLog log = new DeferredLog(stderr, TimeUnit.HOURS.toMillis(1));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            String line = "line " + i + " " + "x".repeat(i % 97) + "\n";
            expected.append(line);
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            log.write(bytes, 0, bytes.length);
        }
        byte[] big = ("big " + "y".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8);
        expected.append(new String(big, StandardCharsets.UTF_8));
        log.write(big, 0, big.length);
        log.write('!');
        expected.append('!');
        log.drain();
        assertEquals(expected.toString(), stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLogWrittenOutsideAnyAnswerStillAppearsWithinThePeriod() throws Exception {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        DeferredLog log = new DeferredLog(stderr, 20);
        byte[] line = "starting\n".getBytes(StandardCharsets.UTF_8);
        log.write(line, 0, line.length);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (stderr.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("starting\n", stderr.toString(StandardCharsets.UTF_8), "drained by the periodic drainer");
    }
}
