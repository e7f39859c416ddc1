package io.agentsafety.commands.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code 'TEMPLATE'.format(ARGS)} with literal arguments, computed: {@code 'rm -rf {}'.format('/')} runs
 * {@code rm -rf /}. Positional ({@code {}}, {@code {0}}) and keyword ({@code {root}}) fields take the literal passed for
 * them; a field whose argument is not a string literal, or that has a conversion or format spec, stays unknown
 * ({@code $UNRESOLVED}), as an f-string's unknown field does.
 */
final class FormatCall {

    private static final Pattern KEYWORD = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s*=(?!=)\\s*");
    private static final Pattern STRING = Pattern.compile("\\s*(?:'([^'\\\\\\n]*)'|\"([^\"\\\\\\n]*)\")\\s*");
    private static final Pattern FIELD = Pattern.compile("\\{\\{|}}|\\{([^{}]*)}");

    private FormatCall() {
    }

    /** {@code template} formatted with the arguments of the {@code .format(} call at {@code dot} in {@code code}. */
    static String apply(String template, String code, int dot) {
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new HashMap<>();
        int open = code.indexOf('(', dot);
        if (open >= 0 && open - dot < 16) {
            int i = open + 1;
            while (i < code.length() && code.charAt(i) != ')' && positional.size() + keywords.size() < 32) {
                int end = Literals.operandEnd(code, i);
                String arg = code.substring(i, end);
                Matcher kw = KEYWORD.matcher(arg);
                String name = kw.lookingAt() ? kw.group(1) : null;
                Matcher str = STRING.matcher(name == null ? arg : arg.substring(kw.end()));
                char after = end < code.length() ? code.charAt(end) : ')';
                // an operand of + or another operator is only part of the argument: unknown
                String value = str.matches() && (after == ',' || after == ')') ? (str.group(1) != null ? str.group(1) : str.group(2)) : null;
                if (name != null) {
                    keywords.put(name, value);
                } else {
                    positional.add(value);
                }
                if (after != ',') {
                    break;
                }
                i = end + 1;
            }
        }
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        int next = 0;
        while (m.find()) {
            String field = m.group(1);
            String value;
            if (field == null) {
                value = m.group().substring(1); // {{ and }} are literal braces
            } else if (field.isEmpty()) {
                value = next < positional.size() ? positional.get(next) : null;
                next++;
            } else if (field.matches("\\d{1,2}")) {
                int index = Integer.parseInt(field);
                value = index < positional.size() ? positional.get(index) : null;
            } else {
                value = keywords.get(field); // also a field with !r or :spec, which no keyword is named: unknown
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? Literals.UNRESOLVED : value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
