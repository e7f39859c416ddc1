package io.agentsafety.redaction;

/**
 * A label that is a variable reference in use, not a label: {@code 7z a -p"$ARCHIVE_PASSWORD" backup.7z} names the
 * password's variable and then passes the next argument; nothing binds {@code backup.7z} to it. Only the loose
 * separators of the label rows (a blank, a closing quote) are read this way: {@code $password = '…'} (PHP,
 * PowerShell) and {@code $env:API_KEY = "…"} assign, and stay labels.
 */
final class VariableReferences {

    private VariableReferences() {
    }

    /**
     * The identifier starting at {@code start} is preceded by a reference sigil ({@code $}, {@code ${}, {@code $(},
     * {@code $env:}, {@code %}) and followed, after its closing brace or quote, only by blanks before the next word.
     */
    static boolean inUse(CharSequence text, int start, int length) {
        if (!sigilBefore(text, start)) {
            return false;
        }
        int i = start;
        while (i < length && identifierChar(text.charAt(i))) {
            i++;
        }
        if (i < length && "})%".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i < length && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
            i++;
        }
        int blanks = i;
        while (i < length && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        // a blank, then the start of a word, not an operator ("$X" next-argument; "$x .= …", "$x ?= …" assign)
        return i > blanks && i < length && "=:>-,|.+?&".indexOf(text.charAt(i)) < 0;
    }

    private static boolean sigilBefore(CharSequence text, int start) {
        if (start >= 1 && (text.charAt(start - 1) == '$' || text.charAt(start - 1) == '%')) {
            return true;
        }
        if (start >= 2 && text.charAt(start - 2) == '$' && (text.charAt(start - 1) == '{' || text.charAt(start - 1) == '(')) {
            return true;
        }
        return start >= 5 && text.charAt(start - 1) == ':' && text.subSequence(start - 5, start - 1).toString().equalsIgnoreCase("$env");
    }

    private static boolean identifierChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }
}
