package io.agentsafety.commands.analysis;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.agentsafety.commands.NetworkEndpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The table of network tools ({@code network-tools.yaml}) and the arguments that name the hosts they connect to:
 * {@code nc}/{@code telnet} positional hosts, {@code socat} addresses, ssh/scp/rsync destinations and jump hosts,
 * curl's {@code --resolve}/{@code --connect-to}/proxies, wget proxies, and {@code /dev/tcp/HOST/PORT} redirections.
 * The hosts go through the network policy like fetched URLs do. Immutable once loaded.
 */
public final class NetworkTools {

    static final String RESOURCE = "io/agentsafety/commands/network-tools.yaml";
    private static final Set<String> FORMS = Set.of("host", "host_port", "user_host", "remote_path", "jump", "resolve",
        "connect_to", "proxy", "socat");
    private static final Pattern DEV_NET = Pattern.compile("^/dev/(?:tcp|udp)/([^/]+)/([0-9]{1,5})$");
    private static final Pattern SOCAT_CONNECT = Pattern.compile(
        "(?i)^(?:TCP|TCP4|TCP6|TCP-CONNECT|TCP4-CONNECT|TCP6-CONNECT|UDP|UDP4|UDP6|UDP-CONNECT|UDP4-CONNECT|UDP6-CONNECT"
            + "|SCTP|SCTP-CONNECT|SCTP4-CONNECT|SCTP6-CONNECT|OPENSSL|OPENSSL-CONNECT|SSL|DTLS|OPENSSL-DTLS-CLIENT|UDP-SENDTO):(.*)$");
    private static final Pattern SOCAT_PROXY = Pattern.compile("(?i)^(?:PROXY|PROXY-CONNECT|SOCKS|SOCKS4|SOCKS4A|SOCKS5|SOCKS5-CONNECT):(.*)$");

    private record Positional(int index, String form, int portIndex, boolean all) {
    }

    private record Option(Set<String> names, String form, Pattern pattern) {
    }

    private record Tool(Set<String> valueOptions, Set<String> listenFlags, List<Positional> positionals, List<Option> options,
                        Set<String> portOptions) {
    }

    /** An executed example: {@code command} reports {@code endpoint} ("host:port", port "?" when none). */
    public record Example(String command, String endpoint) {
    }

    private final Map<String, Tool> tools = new HashMap<>();
    private final List<Example> contacts = new ArrayList<>();
    private final List<String> none = new ArrayList<>();

    private static final NetworkTools BUILT_IN = new NetworkTools(YamlData.resource(RESOURCE));

    public static NetworkTools builtIn() {
        return BUILT_IN;
    }

    NetworkTools(Map<String, Object> root) {
        YamlData.map(root, RESOURCE, Set.of("tools"));
        for (Object item : YamlData.list(root.get("tools"), "tools")) {
            Map<String, Object> t = YamlData.map(item, "tools[]", Set.of("programs", "value_options", "listen_flags",
                "positionals", "options", "port_options", "examples"));
            List<String> programs = YamlData.strings(t.get("programs"), "tools[].programs");
            String where = "network-tools.yaml " + programs;
            List<Positional> positionals = new ArrayList<>();
            for (Object p : YamlData.list(t.get("positionals"), where + ".positionals")) {
                Map<String, Object> m = YamlData.map(p, where + ".positionals[]", Set.of("index", "form", "port_index", "all"));
                positionals.add(new Positional(m.get("index") instanceof Integer i ? i : 0, form(m.get("form"), where),
                    m.get("port_index") instanceof Integer i ? i : -1, Boolean.TRUE.equals(m.get("all"))));
            }
            List<Option> options = new ArrayList<>();
            for (Object o : YamlData.list(t.get("options"), where + ".options")) {
                Map<String, Object> m = YamlData.map(o, where + ".options[]", Set.of("names", "form", "pattern"));
                String pattern = YamlData.string(m.get("pattern"), where + ".pattern", false);
                options.add(new Option(Set.copyOf(YamlData.strings(m.get("names"), where + ".options.names")),
                    form(m.get("form"), where), pattern == null ? null : Pattern.compile(pattern)));
            }
            Map<String, Object> examples = YamlData.map(t.get("examples"), where + ".examples", Set.of("contacts", "none"));
            for (Object pair : YamlData.list(examples.get("contacts"), where + ".examples.contacts")) {
                List<String> p = YamlData.strings(pair, where + ".examples.contacts[]");
                if (p.size() != 2) {
                    throw new IllegalStateException(where + ".examples.contacts: each is [command, host:port]");
                }
                contacts.add(new Example(p.get(0), p.get(1)));
            }
            none.addAll(YamlData.strings(examples.get("none"), where + ".examples.none"));
            Tool tool = new Tool(Set.copyOf(YamlData.strings(t.get("value_options"), where + ".value_options")),
                Set.copyOf(YamlData.strings(t.get("listen_flags"), where + ".listen_flags")), positionals, options,
                Set.copyOf(YamlData.strings(t.get("port_options"), where + ".port_options")));
            programs.forEach(p -> tools.put(p, tool));
        }
    }

    public List<Example> contactExamples() {
        return List.copyOf(contacts);
    }

    public List<String> noneExamples() {
        return List.copyOf(none);
    }

    private static String form(Object value, String where) {
        String form = YamlData.string(value, where + ".form", true);
        if (!FORMS.contains(form)) {
            throw new IllegalStateException(where + ": unknown form '" + form + "' (one of " + FORMS + ")");
        }
        return form;
    }

    /** The hosts {@code program rest...} connects to (only arguments the analysis knows exactly). */
    List<NetworkEndpoint> endpoints(String program, List<Arg> rest, String evidence) {
        Tool tool = tools.get(program.toLowerCase(Locale.ROOT));
        if (tool == null) {
            return List.of();
        }
        List<NetworkEndpoint> out = new ArrayList<>();
        List<Arg> positional = new ArrayList<>();
        Integer port = null;
        for (int i = 0; i < rest.size(); i++) {
            Arg arg = rest.get(i);
            String t = arg.text();
            if (!arg.isFlag()) {
                positional.add(arg);
                continue;
            }
            if (listens(tool, t)) {
                return out;
            }
            String name = t.startsWith("--") && t.indexOf('=') > 0 ? t.substring(0, t.indexOf('=')) : t;
            String attached = t.startsWith("--") && t.indexOf('=') > 0 ? t.substring(t.indexOf('=') + 1) : null;
            Option option = tool.options().stream().filter(o -> o.names().contains(name)).findFirst().orElse(null);
            boolean takesValue = option != null || tool.valueOptions().contains(name) || tool.portOptions().contains(name);
            Arg value = attached != null ? new Arg(attached, false, arg.dynamic(), arg.producers(), null)
                : takesValue && i + 1 < rest.size() ? rest.get(++i) : null;
            if (value == null || !value.exact()) {
                continue;
            }
            if (tool.portOptions().contains(name)) {
                port = port(value.text());
            }
            for (Option o : tool.options()) {
                if (!o.names().contains(name)) {
                    continue;
                }
                String text = value.text();
                if (o.pattern() != null) {
                    Matcher m = o.pattern().matcher(text);
                    if (!m.find() || m.group(1) == null) {
                        continue;
                    }
                    text = m.group(1).trim();
                }
                read(o.form(), text, null, evidence, out);
            }
        }
        for (Positional p : tool.positionals()) {
            for (int i = p.index(); i < positional.size(); i++) {
                Arg arg = positional.get(i);
                if (arg.exact()) {
                    Integer given = p.portIndex() >= 0 && p.portIndex() < positional.size() && positional.get(p.portIndex()).exact()
                        ? port(positional.get(p.portIndex()).text()) : port;
                    read(p.form(), arg.text(), given, evidence, out);
                }
                if (!p.all()) {
                    break;
                }
            }
        }
        return out;
    }

    /** {@code /dev/tcp/HOST/PORT} (bash opens a connection for a redirection to it), else null. */
    static NetworkEndpoint devTcp(Arg target, String evidence) {
        if (!target.exact() || !target.text().startsWith("/dev/")) {
            return null;
        }
        Matcher m = DEV_NET.matcher(target.text());
        return m.find() ? new NetworkEndpoint(unbracket(m.group(1)), port(m.group(2)), evidence) : null;
    }

    private static boolean listens(Tool tool, String flag) {
        if (tool.listenFlags().contains(flag)) {
            return true;
        }
        if (!flag.startsWith("--") && flag.length() > 2 && flag.length() <= 8 && flag.substring(1).chars().allMatch(Character::isLetter)) {
            for (String listen : tool.listenFlags()) {
                if (listen.length() == 2 && flag.indexOf(listen.charAt(1), 1) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void read(String form, String text, Integer port, String evidence, List<NetworkEndpoint> out) {
        switch (form) {
            case "host" -> add(text, port, evidence, out);
            case "host_port" -> hostPort(text, port, evidence, out);
            case "user_host" -> {
                String s = text.regionMatches(true, 0, "ssh://", 0, 6) ? text.substring(6) : text;
                s = s.substring(s.lastIndexOf('@') + 1);
                int slash = s.indexOf('/');
                hostPort(slash >= 0 ? s.substring(0, slash) : s, port, evidence, out);
            }
            case "remote_path" -> remotePath(text, port, evidence, out);
            case "jump" -> {
                for (String hop : text.split(",", 16)) {
                    read("user_host", hop.trim(), null, evidence, out);
                }
            }
            case "resolve" -> {
                // [+]HOST:PORT:ADDR[,ADDR]...: curl connects to ADDR on PORT
                List<String> fields = fields(text.startsWith("+") ? text.substring(1) : text);
                if (fields.size() >= 3) {
                    Integer p = port(fields.get(1));
                    for (String address : String.join(":", fields.subList(2, fields.size())).split(",", 16)) {
                        add(unbracket(address.trim()), p, evidence, out);
                    }
                }
            }
            case "connect_to" -> {
                List<String> fields = fields(text);
                if (fields.size() == 4 && !fields.get(2).isEmpty()) {
                    add(unbracket(fields.get(2)), port(fields.get(3)), evidence, out);
                }
            }
            case "proxy" -> {
                String s = text.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
                s = s.substring(s.lastIndexOf('@') + 1);
                int slash = s.indexOf('/');
                hostPort(slash >= 0 ? s.substring(0, slash) : s, null, evidence, out);
            }
            case "socat" -> {
                Matcher connect = SOCAT_CONNECT.matcher(text);
                Matcher proxy = SOCAT_PROXY.matcher(text);
                if (connect.find()) {
                    hostPort(connect.group(1).split(",", 2)[0], null, evidence, out);
                } else if (proxy.find()) {
                    List<String> fields = fields(proxy.group(1).split(",", 2)[0]);
                    if (!fields.isEmpty()) {
                        add(unbracket(fields.get(0)), null, evidence, out);
                    }
                    if (fields.size() >= 3) {
                        add(unbracket(fields.get(1)), port(fields.get(2)), evidence, out);
                    }
                }
            }
            default -> {
            }
        }
    }

    private static void remotePath(String text, Integer port, String evidence, List<NetworkEndpoint> out) {
        String s = text;
        if (s.regionMatches(true, 0, "scp://", 0, 6) || s.regionMatches(true, 0, "sftp://", 0, 7)
            || s.regionMatches(true, 0, "rsync://", 0, 8)) {
            s = s.substring(s.indexOf("://") + 3);
            s = s.substring(s.lastIndexOf('@', Math.max(0, s.indexOf('/'))) + 1);
            int slash = s.indexOf('/');
            hostPort(slash >= 0 ? s.substring(0, slash) : s, port, evidence, out);
            return;
        }
        if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~")) {
            return;
        }
        int at = s.indexOf('@');
        int colon = s.startsWith("[") ? s.indexOf("]:") + 1 : s.indexOf(':');
        int slash = s.indexOf('/');
        boolean remote = colon > 0 && (slash < 0 || colon < slash) || at > 0 && (slash < 0 || at < slash);
        if (!remote) {
            return;
        }
        String host = at >= 0 && (slash < 0 || at < slash) ? s.substring(at + 1) : s;
        int c = host.startsWith("[") ? host.indexOf(']') + 1 : host.indexOf(':');
        host = c > 0 ? host.substring(0, c) : host;
        add(unbracket(host), port, evidence, out);
    }

    private static void hostPort(String text, Integer port, String evidence, List<NetworkEndpoint> out) {
        String s = text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close > 0) {
                Integer p = close + 1 < s.length() && s.charAt(close + 1) == ':' ? port(s.substring(close + 2)) : port;
                add(s.substring(1, close), p, evidence, out);
            }
            return;
        }
        int colon = s.indexOf(':');
        if (colon > 0 && colon == s.lastIndexOf(':')) {
            add(s.substring(0, colon), port(s.substring(colon + 1)), evidence, out);
        } else {
            add(s, port, evidence, out); // a bare host, or an IPv6 literal without brackets
        }
    }

    /** Splits on ':' outside brackets ({@code [::1]:443:[fe80::1]}). */
    private static List<String> fields(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean bracket = false;
        for (int i = 0; i < text.length() && out.size() < 16; i++) {
            char c = text.charAt(i);
            if (c == '[') {
                bracket = true;
            } else if (c == ']') {
                bracket = false;
            }
            if (c == ':' && !bracket) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static void add(String host, Integer port, String evidence, List<NetworkEndpoint> out) {
        String h = host == null ? "" : host.trim();
        if (h.isEmpty() || h.length() > 253 || h.equals("-") || out.size() >= 16) {
            return;
        }
        out.add(new NetworkEndpoint(h, port, evidence));
    }

    private static Integer port(String text) {
        if (text == null || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(text);
    }
}
