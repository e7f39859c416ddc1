package io.agentsafety.budget;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code MONITOR} on a real server over a plain socket: every command the server runs, with the client address it came
 * from ({@code [db host:port]}), so a test can see which connection sent what (a script's own calls show as {@code lua}).
 */
final class RedisMonitor implements AutoCloseable {

    /** One command as MONITOR shows it: the sending client's address and the command name, upper case. */
    record Command(String client, String name, String line) {
    }

    private static final Pattern LINE = Pattern.compile("^\\+\\d+\\.\\d+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"");

    private final Socket socket;
    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final Thread reader;

    RedisMonitor(int port) throws IOException, InterruptedException {
        socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String ok = in.readLine();
        if (!"+OK".equals(ok)) {
            throw new IllegalStateException("MONITOR answered " + ok);
        }
        reader = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = LINE.matcher(line);
                    if (m.find()) {
                        commands.add(new Command(m.group(1), m.group(2).toUpperCase(java.util.Locale.ROOT), line));
                    }
                }
            } catch (IOException closed) {
                // the test closed the monitor
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** The commands seen so far whose name is one of {@code names}. */
    List<Command> named(String... names) {
        List<Command> out = new ArrayList<>();
        for (Command c : commands) {
            for (String name : names) {
                if (c.name().equals(name)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** MONITOR lines arrive shortly after the commands: waits until {@code count} commands named {@code name} were seen. */
    List<Command> await(int count, String name) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (named(name).size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return named(name);
    }

    void clear() {
        commands.clear();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
