package io.agentsafety.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LocalRedisTest {

    @Test
    void movesOffATakenDefaultPortAndStopsCleanly() throws IOException {
        ServerSocket squatter = null;
        try {
            squatter = new ServerSocket(6379, 1, InetAddress.getLoopbackAddress());
        } catch (IOException alreadyTaken) {
            // someone else holds 6379: the runner must move off it all the same
        }
        try (LocalRedis redis = LocalRedis.start()) {
            URI uri = URI.create(redis.uri());
            assertNotEquals(6379, uri.getPort());
            assertEquals("+PONG\r\n", ping(uri));
            redis.close();
            assertFalse(reachable(uri), "stopped with the runner");
        } finally {
            if (squatter != null) {
                squatter.close();
            }
        }
    }

    private static String ping(URI uri) throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
        }
    }

    private static boolean reachable(URI uri) {
        try (Socket ignored = new Socket(uri.getHost(), uri.getPort())) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
