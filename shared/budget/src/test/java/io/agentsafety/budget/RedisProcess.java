package io.agentsafety.budget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The redis-server process an embedded-redis server started, found by its port, to signal it (STOP, CONT, KILL). */
final class RedisProcess {

    private RedisProcess() {
    }

    /** Redis rewrites its command line to "binary host:port"; the port is matched whole (":1234" is not ":12345"). */
    static ProcessHandle of(int port) {
        return ProcessHandle.current().descendants()
            .filter(p -> listensOn(cmdline(p), port))
            .findFirst().orElseThrow(() -> new AssertionError("no redis-server process for port " + port));
    }

    static void signal(ProcessHandle process, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** kill -9, and wait until the process is gone (its port is then free for a restart). */
    static void kill9(int port) {
        ProcessHandle process = of(port);
        signal(process, "KILL");
        try {
            process.onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("redis-server on port " + port + " did not die", e);
        }
    }

    static boolean listensOn(String cmdline, int port) {
        String address = ":" + port;
        int at = cmdline.indexOf(address);
        while (at >= 0) {
            int end = at + address.length();
            if (end == cmdline.length() || !Character.isDigit(cmdline.charAt(end))) {
                return cmdline.contains("redis-server");
            }
            at = cmdline.indexOf(address, end);
        }
        return false;
    }

    private static String cmdline(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
