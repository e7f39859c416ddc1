package io.agentsafety.commands.analysis;

import java.util.List;
import java.util.Set;

/** Where database clients take their SQL from: {@code psql -c}, {@code mysql -e}, {@code sqlite3 DB SQL}, stdin... */
final class SqlClients {

    private SqlClients() {
    }

    /** The SQL this client invocation runs, or null. */
    static String sqlOf(String name, List<Arg> args, Content stdin) {
        List<String> option = ShellKnowledge.builtIn().sqlOption(name, args);
        String sql = option != null ? optionValue(args, option.get(0), option.get(1)) : switch (name) {
            case "clickhouse" -> args.isEmpty() || !args.get(0).text().equals("client") ? null : optionValue(args, "-q", "--query");
            case "duckdb" -> {
                String c = optionValue(args, "-c", "-cmd");
                yield c != null ? c : positionalAfterDatabase(args);
            }
            case "sqlite3", "litecli", "spatialite" -> {
                String cmd = optionValue(args, "-cmd", "--cmd");
                String positional = positionalAfterDatabase(args);
                yield cmd == null ? positional : positional == null ? cmd : cmd + ";" + positional;
            }
            case "bq" -> !args.isEmpty() && args.get(0).text().equals("query") ? positionalAfter(args, 1) : null;
            default -> null;
        };
        if (sql != null) {
            return sql;
        }
        if (ShellKnowledge.builtIn().readsSqlOnStdin(name, args) && stdin.isText() && args.stream().noneMatch(a -> a.text().equals("-f")
            || a.text().startsWith("--file"))) {
            return stdin.text();
        }
        return null;
    }

    private static String optionValue(List<Arg> args, String shortOption, String longOption) {
        StringBuilder sb = null;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            String value = null;
            if ((t.equals(shortOption) || t.equals(longOption) || clusterEndingIn(t, shortOption)) && i + 1 < args.size()) {
                value = args.get(++i).text();
            } else if (t.startsWith(longOption + "=")) {
                value = t.substring(longOption.length() + 1);
            } else if (shortOption.length() == 2 && t.startsWith(shortOption) && t.length() > 2 && !t.startsWith("--")) {
                value = t.substring(2);
            }
            if (value != null) {
                sb = sb == null ? new StringBuilder(value) : sb.append(";\n").append(value);
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** Short flags grouped with the SQL option last, which takes the next word ({@code psql -tAc SQL}, {@code mysql -Be SQL}). */
    private static boolean clusterEndingIn(String t, String shortOption) {
        if (shortOption.length() != 2 || t.length() < 3 || t.length() > 8 || t.charAt(0) != '-' || t.charAt(1) == '-'
            || t.charAt(t.length() - 1) != shortOption.charAt(1)) {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            if (!Character.isLetter(t.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String positionalAfterDatabase(List<Arg> args) {
        Set<String> valueOptions = ShellKnowledge.builtIn().valueOptions("sqlite3");
        int positional = 0;
        StringBuilder sql = null;
        for (int i = 0; i < args.size(); i++) {
            String t = args.get(i).text();
            if (t.startsWith("-")) {
                if (valueOptions.contains(t)) {
                    i++;
                }
                continue;
            }
            if (positional++ == 0) {
                continue;
            }
            sql = sql == null ? new StringBuilder(t) : sql.append(";\n").append(t);
        }
        return sql == null ? null : sql.toString();
    }

    private static String positionalAfter(List<Arg> args, int from) {
        for (int i = from; i < args.size(); i++) {
            if (!args.get(i).isFlag()) {
                return args.get(i).text();
            }
        }
        return null;
    }
}
