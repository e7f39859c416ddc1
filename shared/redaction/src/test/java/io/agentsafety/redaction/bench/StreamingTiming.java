package io.agentsafety.redaction.bench;

import io.agentsafety.redaction.RedactingInputStream;
import io.agentsafety.redaction.RedactingReader;
import io.agentsafety.redaction.Redactor;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The pull side of streaming against one-shot redaction, in one JVM: {@code java -Xmx32m ... StreamingTiming [MB]}.
 * One-shot: {@code Redactor.redact} of the 1 MB mixed log (best of 5 after 3 warm-ups). Stream: {@code MB} (default
 * 50) of that log, repeated, through a {@link RedactingInputStream} read in 8 KiB reads and discarded (best of 3
 * after one warm-up), and the same through a {@link RedactingReader} over characters; the input is generated as it is read, so the heap holds only what the stream holds. CPU time
 * and allocated bytes are the reading thread's ({@code com.sun.management.ThreadMXBean}).
 */
public final class StreamingTiming {

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private StreamingTiming() {
    }

    public static void main(String[] args) throws IOException {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Redactor redactor = Redactor.builtIn();
        String text = BenchmarkData.mixedLog(1 << 20, 1);
        byte[] block = text.getBytes(StandardCharsets.UTF_8);

        for (int i = 0; i < 3; i++) {
            redactor.redact(text);
        }
        long oneShotCpu = Long.MAX_VALUE;
        long oneShotAlloc = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long c = THREADS.getCurrentThreadCpuTime();
            long a = THREADS.getCurrentThreadAllocatedBytes();
            redactor.redact(text);
            oneShotCpu = Math.min(oneShotCpu, THREADS.getCurrentThreadCpuTime() - c);
            oneShotAlloc = Math.min(oneShotAlloc, THREADS.getCurrentThreadAllocatedBytes() - a);
        }
        double blockMb = block.length / (double) (1 << 20);
        System.out.printf("one-shot 1 MB : cpu %.1f ms, %.1f MB/s, allocated %.1f MB per MB%n",
            oneShotCpu / 1e6, blockMb / (oneShotCpu / 1e9), oneShotAlloc / blockMb / (1 << 20));

        stream(redactor, block, 5L << 20);
        long bestCpu = Long.MAX_VALUE;
        long alloc = 0;
        long findings = 0;
        for (int i = 0; i < 3; i++) {
            long c = THREADS.getCurrentThreadCpuTime();
            long a = THREADS.getCurrentThreadAllocatedBytes();
            findings = stream(redactor, block, (long) mb << 20);
            long cpu = THREADS.getCurrentThreadCpuTime() - c;
            if (cpu < bestCpu) {
                bestCpu = cpu;
                alloc = THREADS.getCurrentThreadAllocatedBytes() - a;
            }
        }
        long readerCpu = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long c = THREADS.getCurrentThreadCpuTime();
            read(redactor, text, (long) mb << 20);
            readerCpu = Math.min(readerCpu, THREADS.getCurrentThreadCpuTime() - c);
        }
        System.out.printf("reader %d MB  : cpu %.1f ms, %.1f MB/s (characters, no UTF-8 decoding or encoding)%n",
            mb, readerCpu / 1e6, mb / (readerCpu / 1e9));
        System.out.printf("stream %d MB  : cpu %.1f ms, %.1f MB/s, allocated %.1f MB per MB, %d findings, max heap %d MB%n",
            mb, bestCpu / 1e6, mb / (bestCpu / 1e9), alloc / (double) mb / (1 << 20), findings,
            Runtime.getRuntime().maxMemory() >> 20);
    }

    /** As {@link #stream} through a {@link RedactingReader} over characters. */
    private static long read(Redactor redactor, String block, long total) throws IOException {
        Reader source = new Reader() {
            private long left = total;
            private int pos;

            @Override
            public int read(char[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), block.length() - pos);
                block.getChars(pos, pos + n, b, off);
                pos = (pos + n) % block.length();
                left -= n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        char[] buffer = new char[8192];
        try (RedactingReader in = new RedactingReader(source, redactor)) {
            while (in.read(buffer) >= 0) {
                // discard
            }
            return in.findingCount();
        }
    }

    /** Streams {@code total} bytes of {@code block}, repeated, through a redacting stream; returns its finding count. */
    private static long stream(Redactor redactor, byte[] block, long total) throws IOException {
        InputStream source = new InputStream() {
            private long left = total;
            private int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(len, left), block.length - pos);
                System.arraycopy(block, pos, b, off, n);
                pos = (pos + n) % block.length;
                left -= n;
                return n;
            }
        };
        byte[] buffer = new byte[8192];
        try (RedactingInputStream in = new RedactingInputStream(source, redactor)) {
            while (in.read(buffer) >= 0) {
                // discard: only the cost and the bound are measured
            }
            return in.findingCount();
        }
    }
}
