package io.agentsafety.commands.analysis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Classes of arguments the rules name ({@code @root}, {@code @system}...): what a path points at once it is
 * normalized against the tracked working directory, devices, protected branches, computed arguments.
 */
public final class ArgClasses {

    public enum ArgClass {
        ROOT, ROOT_WILDCARD, HOME, HOME_WILDCARD, HOME_SENSITIVE, SYSTEM, SYSTEM_FILE, DEVICE, LOG,
        PROTECTED_BRANCH, DYNAMIC, UNKNOWN, WILDCARD, GIT_DIR,
        /** A folder directly in a home ({@code ~/projects}, {@code /home/u/Music}) or everything in one
         *  ({@code ~/code/*}): a user's own files, other projects among them; not hidden ones, not temporary ones. */
        HOME_FOLDER,
        /** The workspace itself, everything in it ({@code .}, {@code *}, {@code ./.*}) or a directory containing it:
         *  the directory the request said the line starts in, or, when it did not say, the unknown start directory. */
        WORKDIR,
        /** A path outside the request's workspace: absolute, under {@code ~}, or climbing out with {@code ..}. */
        OUTSIDE_WORKSPACE,
        /** {@code @system} without the direct children of {@code /opt}, {@code /srv}, {@code /var}, {@code /mnt}...
         *  ({@code /opt/app}, {@code /var/www}): removing one is destructive, but setting its owner or mode is how an
         *  application gets installed there; the system's own folders ({@code /etc}, {@code /usr}, {@code /var/lib},
         *  {@code /opt} itself) stay in. */
        SYSTEM_CORE;

        public String wireName() {
            return "@" + name().toLowerCase(Locale.ROOT);
        }

        public static ArgClass parse(String text) {
            return valueOf(text.substring(1).toUpperCase(Locale.ROOT));
        }
    }

    /** Removing these or anything in them breaks the system. */
    private static final Set<String> DEEP_SYSTEM = Set.of("etc", "usr", "bin", "sbin", "boot", "lib", "lib32",
        "lib64", "libx32", "root", "proc", "sys", "dev", "System", "Library", "private", "snap");
    /** Removing these or their direct children is destructive; deeper paths are often application data. */
    private static final Set<String> SHALLOW_SYSTEM = Set.of("var", "opt", "srv", "home", "Users", "mnt", "media",
        "run", "nix", "Applications", "Volumes");
    /** Under /var: system state whatever the depth, except caches and package lists that are meant to be removed. */
    private static final Set<String> VAR_DEEP = Set.of("lib", "spool", "db", "mail", "backups", "opt");
    private static final Set<String> HOME_SENSITIVE = Set.of(".ssh", ".gnupg", ".aws", ".kube", ".config",
        ".docker", ".azure", ".gcloud", ".password-store", ".local", ".bashrc", ".zshrc", ".profile", ".bash_profile",
        ".git-credentials", ".netrc", ".npmrc", ".pypirc", ".mozilla", "Documents", "Desktop", "Pictures");
    /** Folders directly in a home whose names say they hold scratch or generated files. */
    private static final Set<String> HOME_SCRATCH = Set.of("tmp", "temp", "Temp", "scratch", "Trash", "build", "dist",
        "out", "target", "node_modules", "cache", "__pycache__");
    private static final Set<String> USR_LOCAL_SYSTEM = Set.of("bin", "lib", "sbin", "share", "include", "etc");
    /** Files in ~/.ssh that grant access or run code at login. */
    private static final Set<String> SSH_CONTROL = Set.of("authorized_keys", "authorized_keys2", "rc", "environment", "config");
    private static final String[] DEVICE_PREFIXES = {"/dev/sd", "/dev/hd", "/dev/vd", "/dev/xvd", "/dev/nvme",
        "/dev/mmcblk", "/dev/disk", "/dev/rdisk", "/dev/mapper/", "/dev/md", "/dev/dm-", "/dev/loop", "/dev/sr",
        "/dev/mem", "/dev/kmem", "/dev/port", "/dev/root", "/dev/zd", "/dev/rbd", "/dev/bcache", "/dev/by-"};
    private static final Set<String> PROTECTED_BRANCHES = Set.of("main", "master", "production", "prod", "release",
        "develop", "trunk", "stable", "live");

    private ArgClasses() {
    }

    /**
     * Where an argument is judged from: the directory the analysis tracked ({@code null} when unknown, relative when
     * known only from an unknown start) and the workspace, the absolute start directory the request named.
     */
    public record Place(String cwd, String workspace) {
    }

    public static EnumSet<ArgClass> classify(Arg arg, String cwd) {
        return classify(arg, new Place(cwd, null));
    }

    public static EnumSet<ArgClass> classify(Arg arg, Place place) {
        String cwd = place.cwd();
        EnumSet<ArgClass> classes = EnumSet.noneOf(ArgClass.class);
        if (arg.dynamic()) {
            classes.add(ArgClass.DYNAMIC);
        }
        if (!arg.exact()) {
            classes.add(ArgClass.UNKNOWN);
        }
        if (arg.glob()) {
            classes.add(ArgClass.WILDCARD);
        }
        String text = arg.text();
        if (isProtectedBranch(text)) {
            classes.add(ArgClass.PROTECTED_BRANCH);
        }
        if (cwd == null && isWholeStartDirectory(text)) {
            classes.add(ArgClass.WORKDIR);
        }
        String path = normalize(text, cwd);
        if (path == null) {
            return classes;
        }
        if (place.workspace() != null) {
            classifyInWorkspace(path, place.workspace(), classes);
        }
        classifyPath(path, arg.glob(), classes);
        return classes;
    }

    /**
     * Against a known workspace: the workspace itself, a directory above it, or a broad glob in either
     * ({@code /w/*}, {@code ../*} from {@code /w}) is {@link ArgClass#WORKDIR}; any other path not inside it
     * (absolute, {@code ~}, {@code ../x}, a variable that resolves elsewhere) is {@link ArgClass#OUTSIDE_WORKSPACE}.
     */
    private static void classifyInWorkspace(String path, String workspace, EnumSet<ArgClass> classes) {
        if (path.startsWith("~")) {
            classes.add(ArgClass.OUTSIDE_WORKSPACE);
            return;
        }
        int slash = path.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : path.substring(0, slash);
        boolean broadGlob = hasGlob(path.substring(slash + 1));
        if (contains(path, workspace) || broadGlob && contains(parent, workspace)) {
            classes.add(ArgClass.WORKDIR);
        } else if (!contains(workspace, path)) {
            classes.add(ArgClass.OUTSIDE_WORKSPACE);
        }
    }

    /** {@code dir} is {@code path} or one of its ancestors (both absolute and collapsed). */
    private static boolean contains(String dir, String path) {
        return dir.equals(path) || dir.equals("/") || path.startsWith(dir + "/");
    }

    /** {@code .}, {@code ./}, {@code *}, {@code .*}, {@code ./*}, {@code .[!.]*}...: relative, one broad segment at most. */
    static boolean isWholeStartDirectory(String text) {
        if (text.isEmpty() || text.startsWith("/") || text.startsWith("~") || text.indexOf(Arg.UNKNOWN) >= 0) {
            return false;
        }
        String rest = text;
        while (rest.startsWith("./")) {
            rest = rest.substring(2);
        }
        while (rest.endsWith("/") && rest.length() > 1) {
            rest = rest.substring(0, rest.length() - 1);
        }
        return rest.isEmpty() || rest.equals(".") || rest.indexOf('/') < 0 && hasGlob(rest);
    }

    /** A working directory the analysis tracks only relative to an unknown start ({@code cd build} from nowhere known). */
    public static boolean isRelative(String cwd) {
        return cwd != null && !cwd.startsWith("/") && !cwd.startsWith("~");
    }

    /**
     * The absolute or home-relative form of a path argument ({@code ~/x}, {@code /a/b}), null when it is relative
     * and the working directory is unknown, or when an unknown part precedes the first slash.
     */
    public static String normalize(String text, String cwd) {
        if (text.isEmpty() || text.startsWith("-") && !text.startsWith("-/")) {
            return null;
        }
        String path = text;
        if (!path.startsWith("/") && !path.startsWith("~")) {
            if (cwd == null || isRelative(cwd) || path.indexOf(Arg.UNKNOWN) == 0 || path.contains("://")) {
                return null;
            }
            path = cwd + "/" + path;
        }
        return collapse(path);
    }

    /**
     * The lexical form of a relative path as the shell reaches it: {@code ./build/../..} is {@code ..},
     * {@code a/./b/} is {@code a/b}, {@code a/..} is {@code .}. A segment holding an unknown part (a variable) is
     * never popped, since its value may hold several segments. Absolute, home, URL and unknown-first texts, and
     * texts without a {@code .} segment, are returned as they are.
     */
    public static String collapseRelative(String text) {
        if (text.isEmpty() || text.startsWith("/") || text.startsWith("~") || text.startsWith("-") || text.contains("://")
            || !(text.startsWith(".") || text.contains("/."))) {
            return text;
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : text.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            String last = segments.peekLast();
            if (segment.equals("..") && last != null && !last.equals("..") && last.indexOf(Arg.UNKNOWN) < 0) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        String joined = String.join("/", segments);
        boolean trailing = text.endsWith("/") && !joined.isEmpty();
        return joined.isEmpty() ? "." : trailing ? joined + "/" : joined;
    }

    /**
     * Collapses {@code //}, {@code /./}, {@code a/..} and a trailing slash; keeps a leading {@code ~}. Climbing above
     * {@code ~} leaves the home directory for a place whose depth is unknown: it is read as climbing to the root, so
     * {@code ~/../../etc} is judged as {@code /etc}, never as a harmless {@code ~/etc}.
     */
    static String collapse(String path) {
        boolean home = path.startsWith("~");
        String prefix = "";
        String rest = path;
        if (home) {
            int slash = path.indexOf('/');
            prefix = slash < 0 ? path : path.substring(0, slash);
            rest = slash < 0 ? "" : path.substring(slash);
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rest.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.pollLast() == null && home) {
                    home = false;
                    prefix = "";
                }
                continue;
            }
            segments.addLast(segment);
        }
        String joined = String.join("/", segments);
        if (home) {
            return joined.isEmpty() ? prefix : prefix + "/" + joined;
        }
        return "/" + joined;
    }

    /**
     * A glob segment that can match (nearly) every name: {@code *}, {@code .*}, {@code .[!.]*}, {@code [a-z]*}, or an
     * unknown part. {@code *.log} is not: it names a kind of file, not everything.
     */
    public static boolean hasGlob(String segment) {
        if (segment.indexOf(Arg.UNKNOWN) >= 0) {
            return true;
        }
        if (segment.indexOf('*') < 0 && segment.indexOf('?') < 0 && segment.indexOf('[') < 0) {
            return false;
        }
        StringBuilder rest = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && Character.isLetterOrDigit(c)) {
                rest.append(c);
            }
        }
        return rest.length() == 0;
    }

    /**
     * {@code parts[folder]} is the segment right below a home: the path is that folder, or a broad glob in it
     * ({@code ~/code/*}), and the folder is neither hidden (configuration, caches: judged by their own classes) nor
     * scratch.
     */
    private static void addHomeFolder(String[] parts, int folder, boolean glob, EnumSet<ArgClass> classes) {
        if (parts.length <= folder || parts[folder].startsWith(".") || HOME_SCRATCH.contains(parts[folder])
            || hasGlob(parts[folder])) {
            return;
        }
        if (parts.length == folder + 1 || parts.length == folder + 2 && glob && hasGlob(parts[folder + 1])) {
            classes.add(ArgClass.HOME_FOLDER);
        }
    }

    private static void classifyPath(String path, boolean glob, EnumSet<ArgClass> classes) {
        if (path.startsWith("~")) {
            // ~ and ~user are home directories.
            String[] parts = path.split("/");
            if (parts.length == 1) {
                classes.add(ArgClass.HOME);
            } else if (parts.length == 2 && glob && hasGlob(parts[1])) {
                classes.add(ArgClass.HOME_WILDCARD);
            } else if (HOME_SENSITIVE.contains(parts[1])) {
                classes.add(ArgClass.HOME_SENSITIVE);
            }
            addHomeFolder(parts, 1, glob, classes);
            if (parts.length == 3 && parts[1].equals(".ssh") && SSH_CONTROL.contains(parts[2])) {
                classes.add(ArgClass.SYSTEM_FILE);
            }
            return;
        }
        if (path.equals("/")) {
            classes.add(ArgClass.ROOT);
            return;
        }
        String[] parts = path.substring(1).split("/");
        String top = parts[0];
        if (parts.length == 1 && glob && hasGlob(top)) {
            classes.add(ArgClass.ROOT_WILDCARD);
            return;
        }
        // /dev's entries are devices or ephemeral (/dev/shm/x); /dev itself is system
        if (top.equals("tmp") || top.equals("dev") && parts.length > 1 && !isDevice(path)) {
            return;
        }
        if (isDevice(path)) {
            classes.add(ArgClass.DEVICE);
            return;
        }
        boolean homeTop = top.equals("home") || top.equals("Users");
        if (top.equals("root")) {
            if (parts.length == 1) {
                classes.add(ArgClass.HOME);
            } else if (parts.length == 2 && glob && hasGlob(parts[1])) {
                classes.add(ArgClass.HOME_WILDCARD);
            } else if (HOME_SENSITIVE.contains(parts[1])) {
                classes.add(ArgClass.HOME_SENSITIVE);
            }
            addHomeFolder(parts, 1, glob, classes);
            if (parts.length >= 2) {
                // inside root's home: like any home (/root/.cache is not system, /root/.ssh/authorized_keys is)
                if (isSystemFile(top, parts)) {
                    classes.add(ArgClass.SYSTEM_FILE);
                }
                return;
            }
        }
        if (homeTop && parts.length >= 2) {
            if (parts.length == 2) {
                classes.add(hasGlob(parts[1]) && glob ? ArgClass.HOME_WILDCARD : ArgClass.HOME);
            } else if (parts.length == 3 && glob && hasGlob(parts[2])) {
                classes.add(ArgClass.HOME_WILDCARD);
            } else if (HOME_SENSITIVE.contains(parts[2])) {
                classes.add(ArgClass.HOME_SENSITIVE);
            }
            addHomeFolder(parts, 2, glob, classes);
            if (parts.length == 4 && parts[2].equals(".ssh") && SSH_CONTROL.contains(parts[3])) {
                classes.add(ArgClass.SYSTEM_FILE);
            }
            return;
        }
        if (top.equals("var") && parts.length >= 2 && parts[1].equals("log")) {
            classes.add(ArgClass.LOG);
            if (parts.length == 2) {
                classes.add(ArgClass.SYSTEM);
                classes.add(ArgClass.SYSTEM_CORE);
            }
            return;
        }
        // /var/www/<site> is deployed and replaced routinely; /var/www itself holds every site (system, as /srv is),
        // and so does /var/www/* (every site at once; not system_core: owning it is how a web server is installed)
        if (top.equals("var") && parts.length == 3 && parts[1].equals("www") && glob && hasGlob(parts[2])) {
            classes.add(ArgClass.SYSTEM);
            return;
        }
        if (top.equals("var") && parts.length >= 2 && (parts[1].equals("tmp") || parts[1].equals("cache")
            || parts[1].equals("www") && parts.length >= 3)) {
            return;
        }
        if (top.equals("var") && parts.length >= 3 && parts[1].equals("lib") && parts[2].equals("apt")) {
            return;
        }
        if (parts.length >= 3 && (top.equals("etc") || top.equals("usr") && parts[1].equals("share"))
            && (ROUTINE_DROP_INS.contains(parts[parts.length - 2])
            || ROUTINE_DROP_INS.contains(parts[parts.length - 1]))) {
            return;
        }
        if (top.equals("usr") && parts.length >= 2 && (parts[1].equals("local") || parts[1].equals("src")) && parts.length >= 3) {
            // /usr/local/<x>/<app> is where tools get installed and uninstalled; /usr/local itself is system.
            if (parts.length >= 4 || !USR_LOCAL_SYSTEM.contains(parts[2])) {
                return;
            }
        }
        if (DEEP_SYSTEM.contains(top) || top.equals("var") && parts.length >= 2 && VAR_DEEP.contains(parts[1])) {
            classes.add(ArgClass.SYSTEM);
            classes.add(ArgClass.SYSTEM_CORE);
        } else if (SHALLOW_SYSTEM.contains(top) && parts.length <= 2) {
            classes.add(ArgClass.SYSTEM);
            if (parts.length == 1) {
                classes.add(ArgClass.SYSTEM_CORE);
            }
        }
        if (isSystemFile(top, parts)) {
            classes.add(ArgClass.SYSTEM_FILE);
        }
    }

    /**
     * Drop-in directories of package sources and web servers: adding or removing one site or repository file there is
     * routine deployment, unlike editing the system's own configuration.
     */
    private static final Set<String> ROUTINE_DROP_INS = Set.of("sites-enabled", "sites-available", "conf.d",
        "sources.list.d", "yum.repos.d", "modules-enabled", "mods-enabled", "mods-available", "conf-enabled",
        "conf-available", "preferences.d", "keyrings", "trusted.gpg.d");

    private static boolean isSystemFile(String top, String[] parts) {
        return switch (top) {
            case "etc", "boot", "bin", "sbin", "lib", "lib64", "lib32" -> true;
            case "usr" -> parts.length >= 2 && !parts[1].equals("local") && !parts[1].equals("src");
            case "var" -> parts.length >= 3 && parts[1].equals("spool") && parts[2].startsWith("cron");
            case "root" -> parts.length == 3 && parts[1].equals(".ssh") && SSH_CONTROL.contains(parts[2])
                || parts.length == 2 && parts[1].startsWith(".bash");
            default -> false;
        };
    }

    public static boolean isDevice(String path) {
        for (String prefix : DEVICE_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A git refspec or branch name whose destination is a protected branch: {@code main}, {@code +main}, {@code x:main}, {@code :main}. */
    public static boolean isProtectedBranch(String text) {
        if (text.isEmpty() || text.length() > 200) {
            return false;
        }
        String ref = text.charAt(0) == '+' ? text.substring(1) : text;
        int colon = ref.lastIndexOf(':');
        if (colon >= 0) {
            ref = ref.substring(colon + 1);
        }
        for (String prefix : REF_PREFIXES) {
            if (ref.startsWith(prefix)) {
                ref = ref.substring(prefix.length());
            }
        }
        String lower = ref.toLowerCase(Locale.ROOT);
        if (PROTECTED_BRANCHES.contains(lower)) {
            return true;
        }
        // every RELEASE_VERSION match starts with "release": the matcher is made only for those (this runs per argument)
        return lower.startsWith("release") && (lower.startsWith("release/") || lower.startsWith("releases/")
            || RELEASE_VERSION.matcher(lower).matches());
    }

    private static final String[] REF_PREFIXES = {"refs/heads/", "origin/", "upstream/"};
    private static final java.util.regex.Pattern RELEASE_VERSION = java.util.regex.Pattern.compile("release-?v?[0-9].*");
}
