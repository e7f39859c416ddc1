package io.agentsafety.commands.analysis;

import io.agentsafety.commands.shell.AnsiC;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What a command writes to its standard output, when that can be computed statically: {@code echo}, {@code printf},
 * {@code cat}, nothing for {@code true}, path names ({@link PathNames}), and the decoders obfuscated commands rely on ({@code base64 -d}, {@code xxd -r -p}, {@code rev},
 * {@code tr}). Downloads are reported as such; everything else is unknown, naming its producer.
 */
final class Producers {

    static final int MAX_OUTPUT = 65536;

    private Producers() {
    }

    /**
     * {@code evidence} (the command's masked evidence, which names an unknown output's producer) is computed only when
     * needed: for a command whose output is unknown, when that output's source is first read.
     */
    static Content outputOf(String name, List<Arg> args, Content stdin, Supplier<String> evidence) {
        try {
            return compute(name, args, stdin, evidence);
        } catch (RuntimeException e) {
            return Content.unknown(evidence.get());
        }
    }

    private static Content compute(String name, List<Arg> args, Content stdin, Supplier<String> evidence) {
        switch (name) {
            case "echo":
                return echo(args, evidence.get());
            case "printf":
                return printf(args, evidence.get());
            case "cat":
            case "tee":
                if (name.equals("cat") && args.stream().anyMatch(a -> !a.isFlag() && !a.text().equals("-"))) {
                    return args.size() == 1 && args.get(0).content() != null ? args.get(0).content() : Content.unknown(evidence.get());
                }
                return stdin;
            case "base64":
            case "b64":
                if (args.stream().anyMatch(a -> a.text().length() <= 16 && a.text().matches("-[a-zA-Z]*[dD][a-zA-Z]*|--decode"))) {
                    return transform(input(args, stdin), Producers::base64, evidence.get());
                }
                return Content.unknown(evidence.get());
            case "openssl":
                if (args.size() >= 2 && args.stream().anyMatch(a -> a.text().equals("-d"))
                    && args.stream().anyMatch(a -> a.text().equals("base64") || a.text().equals("-base64") || a.text().equals("-a"))) {
                    return transform(input(args, stdin), Producers::base64, evidence.get());
                }
                return Content.unknown(evidence.get());
            case "xxd":
                if (args.stream().anyMatch(a -> a.text().startsWith("-r"))
                    && args.stream().anyMatch(a -> a.text().equals("-p") || a.text().equals("-ps") || a.text().equals("-plain") || a.text().equals("-rp"))) {
                    return transform(input(args, stdin), Producers::hex, evidence.get());
                }
                return Content.unknown(evidence.get());
            case "find":
                return Content.pathsUnder(FindArgs.startPaths(args), evidence.get(), FindArgs.reach(args));
            case "ls":
            case "dir":
                // ls DIR | xargs CMD hands CMD the entries of DIR, as find would; ls -d */ the names themselves
                List<String> dirs = args.stream().filter(a -> !a.isFlag()).map(Arg::text).toList();
                boolean itself = args.stream().anyMatch(a -> a.text().equals("--directory")
                    || a.text().length() <= 12 && a.text().matches("-[a-zA-Z1]*d[a-zA-Z1]*"));
                return itself && !dirs.isEmpty() ? Content.pathsUnder(dirs, evidence.get(), Content.Reach.ITSELF)
                    : Content.pathsUnder(dirs.isEmpty() ? List.of(".") : dirs, evidence.get());
            case "true":
            case "false":
            case ":":
            case "sleep": // (echo flush_all; sleep 1) | nc HOST 11211: the pause adds nothing to what is sent
                return Content.text("");
            case "dirname":
            case "basename":
            case "realpath":
            case "readlink":
                return PathNames.output(name, args, evidence.get());
            case "rev":
                return transform(stdin, Producers::reverseLines, evidence.get());
            case "tr":
                return transform(stdin, text -> Tr.apply(args, text), evidence.get());
            case "curl":
            case "wget":
            case "fetch":
            case "http":
            case "https":
            case "xh":
            case "irm":
            case "iwr":
            case "invoke-webrequest":
            case "invoke-restmethod":
            case "aria2c":
                return Downloads.writesToStdout(name, args) ? Content.download(Downloads.firstUrl(args)) : Content.NONE;
            default:
                return Content.unknownOf(evidence);
        }
    }

    private static Content input(List<Arg> args, Content stdin) {
        for (Arg arg : args) {
            if (!arg.isFlag() && arg.content() != null) {
                return arg.content();
            }
            if (!arg.isFlag() && !arg.text().equals("-") && !arg.text().equals("base64") && !arg.text().equals("enc")) {
                return Content.file(arg.text());
            }
        }
        return stdin;
    }

    private static Content transform(Content in, java.util.function.Function<String, String> f, String evidence) {
        if (in == null || !in.isText()) {
            String from = in == null || in.source() == null ? "" : in.kind() == Content.Kind.DOWNLOAD
                ? " of the download " + in.source() : " of " + in.source();
            return Content.unknown(evidence + from);
        }
        String out = f.apply(in.text());
        return out == null ? Content.unknown(evidence) : Content.text(out);
    }

    private static Content echo(List<Arg> args, String evidence) {
        StringBuilder sb = new StringBuilder();
        boolean escapes = false;
        boolean newline = true;
        int i = 0;
        while (i < args.size() && args.get(i).text().length() <= 4 && args.get(i).text().matches("-[neE]+")) {
            String flags = args.get(i).text();
            escapes = flags.contains("e") || escapes && !flags.contains("E");
            newline &= !flags.contains("n");
            i++;
        }
        List<String> words = new java.util.ArrayList<>();
        int length = 0;
        for (; i < args.size(); i++) {
            if (!args.get(i).exact()) {
                return Content.unknown(evidence);
            }
            words.add(args.get(i).text());
            length += args.get(i).text().length() + 1;
            if (length > MAX_OUTPUT) {
                return Content.unknown(evidence);
            }
        }
        sb.append(String.join(" ", words));
        String text = escapes ? AnsiC.unescapeAll(sb.toString()) : sb.toString();
        return Content.text(newline ? text + "\n" : text);
    }

    private static Content printf(List<Arg> args, String evidence) {
        int start = 0;
        if (!args.isEmpty() && args.get(0).text().equals("-v")) {
            return Content.NONE;
        }
        if (!args.isEmpty() && args.get(0).text().equals("--")) {
            start = 1;
        }
        if (args.size() <= start) {
            return Content.text("");
        }
        for (Arg arg : args) {
            if (!arg.exact()) {
                return Content.unknown(evidence);
            }
        }
        String format = args.get(start).text();
        List<Arg> values = args.subList(start + 1, args.size());
        StringBuilder out = new StringBuilder();
        int v = 0;
        do {
            int i = 0;
            while (i < format.length()) {
                char c = format.charAt(i);
                if (c == '%' && i + 1 < format.length()) {
                    int j = i + 1;
                    while (j < format.length() && "-+ #0123456789.".indexOf(format.charAt(j)) >= 0) {
                        j++;
                    }
                    char conv = j < format.length() ? format.charAt(j) : '%';
                    if (conv == '%') {
                        out.append('%');
                    } else {
                        String value = v < values.size() ? values.get(v++).text() : "";
                        out.append(conv == 'b' ? AnsiC.unescapeAll(value) : value);
                    }
                    i = j + 1;
                } else if (c == '\\' && i + 1 < format.length()) {
                    int j = i + 2;
                    char e = format.charAt(i + 1);
                    if (e == 'x') {
                        while (j < format.length() && j < i + 4 && Character.digit(format.charAt(j), 16) >= 0) {
                            j++;
                        }
                    } else if (e >= '0' && e <= '7') {
                        while (j < format.length() && j < i + 5 && format.charAt(j) >= '0' && format.charAt(j) <= '7') {
                            j++;
                        }
                    }
                    out.append(AnsiC.unescapeAll(format.substring(i, j)));
                    i = j;
                } else {
                    out.append(c);
                    i++;
                }
                if (out.length() > MAX_OUTPUT) {
                    return Content.unknown(evidence);
                }
            }
        } while (v < values.size() && v > 0);
        return Content.text(out.toString());
    }

    static String base64(String text) {
        String compact = text.replaceAll("\\s+", "");
        try {
            byte[] bytes = compact.contains("-") || compact.contains("_")
                ? Base64.getUrlDecoder().decode(compact.replace("=", ""))
                : Base64.getMimeDecoder().decode(compact);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String hex(String text) {
        String compact = text.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
        if (compact.length() % 2 != 0 || !compact.matches("[0-9a-f]*")) {
            return null;
        }
        byte[] bytes = new byte[compact.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(compact.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String reverseLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(new StringBuilder(line).reverse());
        }
        return out.toString();
    }
}
