package io.agentsafety.testing.e2b;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes Connect envelopes ({@code flags | uint32 big-endian length | JSON}) to a chunked response, cutting
 * them into HTTP chunks as {@link Faults.Chunking} says.
 */
final class FrameSink {

    static final int END_STREAM = 0x02;
    private static final int MERGE_LIMIT = 48 * 1024;

    private final OutputStream out;
    private final Faults.Chunking chunking;
    private int pending;

    FrameSink(OutputStream out, Faults.Chunking chunking) {
        this.out = out;
        this.chunking = chunking;
    }

    static byte[] envelope(int flags, String json) {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(5 + payload.length).put((byte) flags).putInt(payload.length).put(payload).array();
    }

    void write(int flags, String json) throws IOException {
        byte[] frame = envelope(flags, json);
        switch (chunking) {
            case PER_FRAME -> {
                out.write(frame);
                out.flush();
            }
            case SPLIT -> {
                for (int i = 0; i < frame.length; i += 7) {
                    out.write(frame, i, Math.min(7, frame.length - i));
                    out.flush();
                }
            }
            case MERGED -> {
                out.write(frame);
                pending += frame.length;
                if (pending >= MERGE_LIMIT) {
                    idle();
                }
            }
        }
    }

    /** Output paused: whatever was merged goes out now. */
    void idle() throws IOException {
        if (pending > 0) {
            out.flush();
            pending = 0;
        }
    }
}
