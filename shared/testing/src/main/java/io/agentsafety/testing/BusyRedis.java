package io.agentsafety.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A Lua script that keeps a single-threaded Redis server busy for a while, as an overloaded node would.
 * {@link #start} returns only once the server is seen busy: a PING on another connection has gone unanswered for
 * 200 ms. A fixed sleep after sending the script (what the deadline tests did before) let a loaded machine run the
 * test's own call first, which was then answered at once instead of being queued behind the script. Plain sockets and
 * RESP, so any module's tests can use it without a Redis client.
 */
public final class BusyRedis implements AutoCloseable {

    private static final int UNANSWERED_MILLIS = 200;

    private final Socket blocker;
    private final Socket probe;

    private BusyRedis(int port) throws IOException {
        blocker = new Socket(InetAddress.getLoopbackAddress(), port);
        probe = new Socket(InetAddress.getLoopbackAddress(), port);
    }

    /** Sends the script and waits (at most 10 s) until the server no longer answers another connection. */
    public static BusyRedis start(int port, Duration busyFor) {
        try {
            BusyRedis busy = new BusyRedis(port);
            try {
                busy.send(busy.probe, "PING");
                busy.readLine(busy.probe, 10_000); // +PONG: the probe is connected before the server is blocked
                String script = "local s = redis.call('TIME') while true do local t = redis.call('TIME') "
                    + "if (t[1] - s[1]) * 1000000 + (t[2] - s[2]) > " + busyFor.toNanos() / 1000 + " then return 1 end end";
                busy.send(busy.blocker, "EVAL", script, "0");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (true) {
                    busy.send(busy.probe, "PING");
                    try {
                        busy.readLine(busy.probe, UNANSWERED_MILLIS);
                    } catch (SocketTimeoutException unanswered) {
                        return busy;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the server was never seen busy running the script");
                    }
                }
            } catch (IOException | RuntimeException e) {
                busy.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once the script has ended: its reply has come (at most 30 s). */
    public void awaitEnd() {
        try {
            String reply = readLine(blocker, 30_000);
            if (!reply.equals(":1")) {
                throw new IllegalStateException("the busy script answered " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(Socket socket, String... args) throws IOException {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One reply line (simple string, integer or error), without its CRLF; a timeout throws SocketTimeoutException. */
    private String readLine(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("the server closed the connection");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            blocker.close();
            probe.close();
        } catch (IOException e) {
            // closing a test's sockets: nothing to do
        }
    }
}
