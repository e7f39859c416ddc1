package io.agentsafety.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One local runner (the template's functions from their own jars, the embedded Redis) and one API server for every
 * integration test of this module that runs with the default settings. Failsafe runs them in one JVM, one class
 * after another; each class starting its own runner paid the cold start of every worker JVM again (about twenty
 * functions, a second or more each on two cores). Closed when the JVM ends; the classes must not close it. A class
 * that needs other settings (PolicyCheckApiIT's allowlist, SecretEchoApiIT's own process) still starts its own.
 */
final class SharedLocalRunner {

    private static LocalRunner runner;
    private static ApiServer server;

    private SharedLocalRunner() {
    }

    static synchronized LocalRunner runner() throws Exception {
        if (runner == null) {
            runner = LocalRunner.start(new LocalRunner.Settings(PolicyCheckApiIT.TEMPLATE, null, PolicyCheckApiIT.cleanShell(),
                new WorkerOptions(128, 1, Duration.ofSeconds(90))));
            Runtime.getRuntime().addShutdownHook(new Thread(SharedLocalRunner::close, "shared-runner-close"));
        }
        return runner;
    }

    static synchronized ApiServer server() throws Exception {
        if (server == null) {
            server = ApiServer.start(runner(), "127.0.0.1", 0, 8);
        }
        return server;
    }

    /** An empty Redis: FLUSHALL in RESP on the runner's own embedded Redis (never a configured one). */
    static void flushRedis() throws Exception {
        LocalRunner local = runner();
        assertTrue(local.redisPid() > 0, "only the runner's own embedded Redis may be flushed, never a configured one");
        URI uri = URI.create(local.redisUri());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$8\r\nFLUSHALL\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int read = in.readNBytes(reply, 0, reply.length);
            assertEquals("+OK\r\n", new String(reply, 0, read, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IOException("FLUSHALL on " + uri + " failed", e);
        }
    }

    private static synchronized void close() {
        if (server != null) {
            server.close();
        }
        if (runner != null) {
            runner.close();
        }
    }
}
