package io.agentsafety.commands;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads one flat JSON object (string, boolean, number, null values) - enough for the eval corpus lines. */
final class FlatJson {

    private final String s;
    private int pos;

    private FlatJson(String s) {
        this.s = s;
    }

    static Map<String, Object> parse(String line) {
        return new FlatJson(line).object();
    }

    private Map<String, Object> object() {
        Map<String, Object> out = new LinkedHashMap<>();
        expect('{');
        while (true) {
            skip();
            if (s.charAt(pos) == '}') {
                pos++;
                return out;
            }
            String key = string();
            skip();
            expect(':');
            skip();
            out.put(key, value());
            skip();
            if (s.charAt(pos) == ',') {
                pos++;
            }
        }
    }

    private Object value() {
        char c = s.charAt(pos);
        if (c == '"') {
            return string();
        }
        if (c == '{') {
            return object();
        }
        int start = pos;
        while (pos < s.length() && ",}] ".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
        String word = s.substring(start, pos);
        return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> word;
        };
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (s.charAt(pos) != '"') {
            char c = s.charAt(pos++);
            if (c == '\\') {
                char e = s.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
        pos++;
        return sb.toString();
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private void expect(char c) {
        skip();
        if (s.charAt(pos) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + pos);
        }
        pos++;
    }
}
