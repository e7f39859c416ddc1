package io.agentsafety.sandbox.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Drains one process stream on its own thread, keeping at most {@code cap} bytes. The stream is read to its
 * end even past the cap (the bytes are dropped), so a chatty process never blocks on a full pipe and the
 * timeout stays the only way a command ends early.
 */
final class BoundedCapture implements Runnable {

    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept;
    private volatile boolean truncated;

    BoundedCapture(InputStream in, int cap) {
        this.in = in;
        this.cap = Math.max(0, cap);
        this.kept = new ByteArrayOutputStream(Math.min(this.cap, 64 * 1024));
    }

    @Override
    public void run() {
        byte[] buffer = new byte[16 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (kept) {
                    int room = cap - kept.size();
                    if (room > 0) {
                        kept.write(buffer, 0, Math.min(room, n));
                    }
                    if (n > room) {
                        truncated = true;
                    }
                }
            }
        } catch (IOException closed) {
            // the process was killed and its pipe closed: what was read so far is the output
        }
    }

    byte[] bytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    boolean truncated() {
        return truncated;
    }
}
