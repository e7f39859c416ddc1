package io.agentsafety.sandbox.e2b;

import java.io.ByteArrayOutputStream;

/** Raw bytes of one output stream, kept up to a cap; what is beyond is dropped and remembered as truncation. */
final class CappedOutput {

    private final int cap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean truncated;

    CappedOutput(int cap) {
        this.cap = cap;
    }

    /** Appends what fits; false once something had to be dropped. */
    boolean append(byte[] data) {
        int room = cap - bytes.size();
        if (data.length <= room) {
            bytes.write(data, 0, data.length);
            return true;
        }
        if (room > 0) {
            bytes.write(data, 0, room);
        }
        truncated = true;
        return false;
    }

    boolean truncated() {
        return truncated;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
