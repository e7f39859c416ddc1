package io.agentsafety.commands.analysis;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in evidence before it leaves the analyzer: values of password/token options, mysql's attached
 * {@code -pSECRET}, Authorization headers and URL userinfo. Evidence quotes commands; it must never quote secrets.
 */
final class EvidenceMask {

    static final String MASK = "***";
    private static final Set<String> SECRET_OPTIONS = Set.of("--password", "--passwd", "--pass", "--token", "--secret",
        "--api-key", "--apikey", "--access-key", "--secret-key", "--auth", "--auth-token", "--client-secret",
        "--private-key", "--key-password", "--oauth2-bearer", "--bearer", "--aws-secret-access-key");
    private static final Set<String> MYSQL_CLIENTS = Set.of("mysql", "mariadb", "mysqldump", "mysqladmin", "mysqlimport");
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile("^(-{0,2}[\\w.-]{1,80}[=:])(.+)$", Pattern.DOTALL);
    private static final Pattern SECRET_NAME = Pattern.compile(
        "(?i)password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key|credential|auth");
    private static final Pattern USERINFO = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
    private static final Pattern AUTH_HEADER = Pattern.compile(
        "(?i)^((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|cookie|private-token|x-vault-token)\\s*:.*$");

    private EvidenceMask() {
    }

    /** The argument as it may appear in evidence, given the argument before it and the command name. */
    static String mask(String command, String previous, String full) {
        // Evidence is cut at 200 characters anyway; bounding the text keeps the patterns' cost constant.
        String text = full.length() > 300 ? full.substring(0, 300) : full;
        if (previous != null) {
            String prev = previous.toLowerCase(Locale.ROOT);
            if (SECRET_OPTIONS.contains(prev) || prev.equals("-a") && command.startsWith("redis")
                || (prev.equals("-u") || prev.equals("--user")) && (command.equals("curl") || command.equals("wget"))) {
                return MASK;
            }
            if ((prev.equals("-h") || prev.equals("--header")) && AUTH_HEADER.matcher(text).matches()) {
                return text.substring(0, text.indexOf(':') + 1) + " " + MASK;
            }
        }
        if (MYSQL_CLIENTS.contains(command) && text.startsWith("-p") && text.length() > 2
            && !text.startsWith("--")) {
            return "-p" + MASK;
        }
        // each pattern runs only on text holding the character it needs: most arguments hold none of them
        boolean colon = text.indexOf(':') >= 0;
        if (colon || text.indexOf('=') >= 0) {
            Matcher assignment = SECRET_ASSIGNMENT.matcher(text);
            if (assignment.matches() && SECRET_NAME.matcher(assignment.group(1)).find()) {
                return assignment.group(1) + MASK;
            }
        }
        if (colon && AUTH_HEADER.matcher(text).matches()) {
            return text.substring(0, text.indexOf(':') + 1) + " " + MASK;
        }
        return colon && text.indexOf('@') >= 0 ? USERINFO.matcher(text).replaceAll("$1" + MASK + "@") : text;
    }
}
