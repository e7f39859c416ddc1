package io.agentsafety.local.worker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The runner/worker wire protocol: length-prefixed binary frames over the worker's stdin/stdout. Every frame
 * starts with {@link #MAGIC} so stray bytes written to the real stdout (by native code, say) are detected as
 * corruption instead of being read as a payload. Shared by both sides; JDK only.
 *
 * <pre>
 * request  = MAGIC:int requestId:utf deadlineEpochMillis:long length:int payload:bytes
 * response = MAGIC:int type:byte handlerNanos:long length:int payload:bytes   (type READY | RESULT | ERROR | INIT_ERROR)
 * </pre>
 */
public final class Frames {

    public static final int MAGIC = 0x4C52554E; // "LRUN"
    public static final byte READY = 0;
    public static final byte RESULT = 1;
    public static final byte ERROR = 2;
    public static final byte INIT_ERROR = 3;
    /** Lambda's synchronous invocation payload limit (request and response). */
    public static final int MAX_PAYLOAD = 6 * 1024 * 1024;
    private static final int MAX_FRAME = MAX_PAYLOAD + 1024 * 1024;

    private Frames() {
    }

    public record Request(String requestId, long deadlineEpochMillis, byte[] payload) {
    }

    /** {@code handlerNanos}: how long the handler itself ran (0 for READY/INIT_ERROR), so the runner can split a request's time. */
    public record Response(byte type, byte[] payload, long handlerNanos) {
    }

    public static void writeRequest(DataOutputStream out, Request request) throws IOException {
        out.writeInt(MAGIC);
        out.writeUTF(request.requestId());
        out.writeLong(request.deadlineEpochMillis());
        out.writeInt(request.payload().length);
        out.write(request.payload());
        out.flush();
    }

    /** @return the next request, or null at end of stream (the runner went away) */
    public static Request readRequest(DataInputStream in) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException end) {
            return null;
        }
        checkMagic(magic);
        String requestId = in.readUTF();
        long deadline = in.readLong();
        return new Request(requestId, deadline, readPayload(in));
    }

    public static void writeResponse(DataOutputStream out, byte type, byte[] payload) throws IOException {
        writeResponse(out, type, payload, 0);
    }

    public static void writeResponse(DataOutputStream out, byte type, byte[] payload, long handlerNanos) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(type);
        out.writeLong(handlerNanos);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** @throws EOFException when the worker's stdout closed (the process died) */
    public static Response readResponse(DataInputStream in) throws IOException {
        checkMagic(in.readInt());
        byte type = in.readByte();
        long handlerNanos = in.readLong();
        return new Response(type, readPayload(in), handlerNanos);
    }

    private static byte[] readPayload(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("frame length out of range: " + length);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    private static void checkMagic(int magic) throws IOException {
        if (magic != MAGIC) {
            throw new IOException("corrupt frame (something else wrote to the worker's stdout)");
        }
    }
}
