package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Connect streaming envelopes (§4.2): {@code flags (1 byte) | length (uint32 big-endian) | payload}. The
 * {@link Reader} is incremental: HTTP chunks may split an envelope anywhere (even inside the 5-byte header)
 * or carry several, so bytes are buffered until a whole envelope is there.
 */
final class ConnectEnvelopes {

    static final int FLAG_COMPRESSED = 0x01;
    static final int FLAG_END_STREAM = 0x02;
    /** No envd message comes near this (a 32 KiB data event is ~44 KB of JSON); a larger length is corruption. */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    record Envelope(int flags, byte[] payload) {
        boolean endStream() {
            return (flags & FLAG_END_STREAM) != 0;
        }
    }

    private ConnectEnvelopes() {
    }

    /** One request message (flags 0). */
    static byte[] encode(byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(payload.length).put(payload).array();
    }

    /** Feeds chunks, emits whole envelopes in order; anything after the end-stream frame is a protocol error. */
    static final class Reader {
        private final Consumer<Envelope> sink;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean ended;

        Reader(Consumer<Envelope> sink) {
            this.sink = sink;
        }

        void feed(byte[] chunk) {
            if (chunk.length == 0) {
                return;
            }
            if (ended) {
                throw protocol("data after the end-stream frame");
            }
            pending.write(chunk, 0, chunk.length);
            byte[] buffer = pending.toByteArray();
            int at = 0;
            while (buffer.length - at >= 5) {
                int flags = buffer[at] & 0xFF;
                long length = ByteBuffer.wrap(buffer, at + 1, 4).getInt() & 0xFFFFFFFFL;
                if ((flags & ~(FLAG_COMPRESSED | FLAG_END_STREAM)) != 0 || (flags & FLAG_COMPRESSED) != 0) {
                    throw protocol("unexpected envelope flags 0x" + Integer.toHexString(flags));
                }
                if (length > MAX_MESSAGE_BYTES) {
                    throw protocol("envelope of " + length + " bytes");
                }
                if (buffer.length - at - 5 < length) {
                    break;
                }
                byte[] payload = new byte[(int) length];
                System.arraycopy(buffer, at + 5, payload, 0, (int) length);
                at += 5 + (int) length;
                Envelope envelope = new Envelope(flags, payload);
                if (envelope.endStream()) {
                    ended = true;
                    if (at != buffer.length) {
                        throw protocol("data after the end-stream frame");
                    }
                }
                sink.accept(envelope);
            }
            pending.reset();
            pending.write(buffer, at, buffer.length - at);
        }

        /** True once the end-stream frame was read. */
        boolean ended() {
            return ended;
        }

        /** Bytes of an incomplete envelope left when the body ended (a cut stream). */
        int leftover() {
            return pending.size();
        }

        private static SandboxException protocol(String what) {
            return new SandboxException(SandboxException.Kind.UNAVAILABLE, "envd protocol error: " + what);
        }
    }
}
