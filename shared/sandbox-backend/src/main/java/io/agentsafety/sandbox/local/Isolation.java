package io.agentsafety.sandbox.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a command line becomes a process: under bubblewrap when it is installed and works here, else a plain
 * {@code bash -c} in the workspace (reported as {@code isolated: false}). The argument vector is built as a
 * list; the command itself is one argument of {@code bash -c}, never spliced into another command line.
 */
final class Isolation {

    /** Where the workspace appears inside the sandbox (E2B's sandboxes also work in a fixed home). */
    static final String SANDBOX_WORKSPACE = "/workspace";

    /**
     * The read-only view of the host: system directories, and from /etc only what programs need to run
     * (users, name resolution, TLS roots, the loader cache, alternatives symlinks) — not shadow, ssh keys or
     * the host's configuration.
     */
    private static final List<String> SYSTEM_DIRS = List.of("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final List<String> ETC_ENTRIES = List.of("passwd", "group", "hosts", "resolv.conf", "nsswitch.conf",
        "host.conf", "gai.conf", "ssl", "ca-certificates", "ca-certificates.conf", "pki", "alternatives", "ld.so.cache",
        "ld.so.conf", "ld.so.conf.d", "localtime", "timezone", "mime.types", "bash.bashrc", "profile", "python3",
        "pip.conf", "npmrc", "debian_version", "os-release", "apt");

    /** Interpreters of the in-sandbox egress forwarder, looked for under the directories bound into the sandbox. */
    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "/usr/local/bin/python3");

    private final Path bwrap;
    private final boolean isolated;
    private final String detail;

    private Isolation(Path bwrap, boolean isolated, String detail) {
        this.bwrap = bwrap;
        this.isolated = isolated;
        this.detail = detail;
    }

    /** Finds bwrap ({@code configured} path, else PATH, else /usr/bin/bwrap) and checks it can build a sandbox here. */
    static Isolation detect(String configured) {
        Path candidate = configured != null && !configured.isBlank() ? Path.of(configured) : onPath("bwrap");
        if (candidate == null || !Files.isExecutable(candidate)) {
            return new Isolation(null, false, "bubblewrap (bwrap) is not installed: commands run UNISOLATED with plain bash in a temporary workspace");
        }
        try {
            Process probe = new ProcessBuilder(candidate.toString(), "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/",
                "--proc", "/proc", "--dev", "/dev", "/bin/true").redirectErrorStream(true).start();
            byte[] out = probe.getInputStream().readNBytes(4096);
            if (!probe.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return new Isolation(null, false, "bubblewrap at " + candidate + " did not answer: commands run UNISOLATED");
            }
            if (probe.exitValue() != 0) {
                String why = new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
                return new Isolation(null, false, "bubblewrap at " + candidate + " cannot create namespaces here ("
                    + why.substring(0, Math.min(200, why.length())) + "): commands run UNISOLATED");
            }
        } catch (Exception e) {
            return new Isolation(null, false, "bubblewrap at " + candidate + " failed to start: commands run UNISOLATED");
        }
        return new Isolation(candidate, true, "bubblewrap " + candidate + ": read-only system, private /tmp and /proc, "
            + "new pid/ipc/uts/user/net namespaces (always: allowlisted hosts through a relay), workspace the only writable path");
    }

    static Isolation none(String why) {
        return new Isolation(null, false, why);
    }

    boolean isolated() {
        return isolated;
    }

    String detail() {
        return detail;
    }

    /** Directory commands see as their workspace (the bind target under bwrap, the host path otherwise). */
    String workspaceSeenBy(Path hostWorkspace) {
        return isolated ? SANDBOX_WORKSPACE : hostWorkspace.toString();
    }

    /**
     * The argument vector of one command.
     *
     * @param cwd      directory inside the workspace as the command sees it (already confined)
     * The environment is not on this list: the process is started with exactly the sandbox's environment
     * (the JVM's own is cleared), because {@code --setenv NAME VALUE} would put secrets into a command line
     * that every local user can read in {@code /proc/<pid>/cmdline}.
     *
     * @param relayDir the sandbox's egress relay directory ({@link EgressRelay}), null when its egress allows
     *                 nothing: the network namespace is always a new, empty one; with a relay the forwarder
     *                 starts first, listens on the allowed loopback addresses and execs the command
     */
    List<String> argv(Path hostWorkspace, String cwd, Path relayDir, String command) {
        List<String> args = new ArrayList<>();
        if (!isolated) {
            args.add("/bin/bash");
            args.add("-c");
            args.add(command);
            return args;
        }
        args.add(bwrap.toString());
        args.add("--unshare-all");
        args.add("--die-with-parent");
        args.add("--new-session");
        args.add("--hostname");
        args.add("sandbox");
        for (String dir : SYSTEM_DIRS) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                try {
                    args.add("--symlink");
                    args.add(Files.readSymbolicLink(p).toString());
                    args.add(dir);
                } catch (java.io.IOException unreadable) {
                    // skip a link we cannot read
                }
            } else if (Files.isDirectory(p)) {
                args.add("--ro-bind");
                args.add(dir);
                args.add(dir);
            }
        }
        for (String entry : ETC_ENTRIES) {
            args.add("--ro-bind-try");
            args.add("/etc/" + entry);
            args.add("/etc/" + entry);
        }
        args.add("--tmpfs");
        args.add("/tmp");
        args.add("--proc");
        args.add("/proc");
        args.add("--dev");
        args.add("/dev");
        args.add("--bind");
        args.add(hostWorkspace.toString());
        args.add(SANDBOX_WORKSPACE);
        args.add("--chdir");
        args.add(cwd);
        if (relayDir != null) {
            // The allowlisted names resolve to their loopback addresses; the forwarder needs uid 0 of the user
            // namespace with CAP_NET_BIND_SERVICE to listen on 80/443 there (an unprivileged user's namespace
            // owns its network namespace only that way); it means nothing outside that empty namespace.
            args.add("--ro-bind");
            args.add(relayDir.toString());
            args.add(EgressRelay.INSIDE);
            args.add("--ro-bind");
            args.add(relayDir.resolve(EgressRelay.HOSTS_FILE).toString());
            args.add("/etc/hosts");
            args.add("--uid");
            args.add("0");
            args.add("--gid");
            args.add("0");
            args.add("--cap-add");
            args.add("CAP_NET_BIND_SERVICE");
            args.add(python());
            args.add("-I");
            args.add("-S");
            args.add(EgressRelay.INSIDE + "/" + EgressRelay.FORWARDER);
            args.add(EgressRelay.INSIDE + "/" + EgressRelay.ROUTES_FILE);
        }
        args.add("/bin/bash");
        args.add("-c");
        args.add(command);
        return args;
    }

    /** The python3 of the host's /usr (bound into every sandbox), which runs the egress forwarder. */
    static String python() {
        for (String candidate : PYTHONS) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new io.agentsafety.sandbox.SandboxException(io.agentsafety.sandbox.SandboxException.Kind.UNAVAILABLE,
            "egress to allowlisted hosts needs python3 in /usr/bin or /usr/local/bin (the in-sandbox forwarder)");
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin:/bin" : path + ":/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }
}
