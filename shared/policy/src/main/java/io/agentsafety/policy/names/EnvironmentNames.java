package io.agentsafety.policy.names;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Environment names as a human reads them, so that {@code prod\u200b}, {@code pr\u043ed} (Cyrillic о),
 * {@code prod.} or {@code ＰＲＯＤ} are the same environment as {@code prod}:
 * <ol>
 *   <li>{@link #normalize}: NFKC; format characters (Cf: zero-width spaces and joiners, bidi controls, soft
 *   hyphen...), other default-ignorables (variation selectors, combining grapheme joiner, Hangul fillers),
 *   control characters and every kind of whitespace removed; leading and trailing dots removed (a DNS-style
 *   {@code prod.} is {@code prod});</li>
 *   <li>{@link #mixedScripts}: a name whose letters still come from scripts that are not used together
 *   (Unicode TS #39 "highly restrictive": one script, or Latin with Han and Japanese kana, Han and Bopomofo,
 *   or Han and Hangul) is a spoof and is refused by the caller;</li>
 *   <li>{@link #skeleton}: NFD, combining marks dropped, every character replaced by the ASCII it is
 *   confusable with ({@code confusables.txt}, from TS #39), case folded. Two names are the same environment
 *   when their skeletons are equal; the same function is applied to the configured names.</li>
 * </ol>
 */
public final class EnvironmentNames {

    private static final Confusables CONFUSABLES = Confusables.load();
    private static final Set<UnicodeScript> IGNORED = EnumSet.of(UnicodeScript.COMMON, UnicodeScript.INHERITED, UnicodeScript.UNKNOWN);
    private static final List<Set<UnicodeScript>> ALLOWED_MIXES = List.of(
        EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA),
        EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.BOPOMOFO),
        EnumSet.of(UnicodeScript.LATIN, UnicodeScript.HAN, UnicodeScript.HANGUL));

    private EnvironmentNames() {
    }

    /** The name without invisible characters, whitespace and outer dots, in NFKC; empty when nothing visible is left. */
    public static String normalize(String name) {
        String nfkc = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        nfkc.codePoints().filter(c -> !invisible(c)).forEach(out::appendCodePoint);
        int start = 0;
        int end = out.length();
        while (start < end && out.charAt(start) == '.') {
            start++;
        }
        while (end > start && out.charAt(end - 1) == '.') {
            end--;
        }
        return out.substring(start, end);
    }

    /**
     * The scripts of a normalized name when they are a mix no real name uses (e.g. "LATIN, CYRILLIC"), or
     * null when the name is single-script or an allowed mix. Digits, punctuation and marks belong to no script.
     */
    public static String mixedScripts(String normalized) {
        Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
        normalized.codePoints().mapToObj(UnicodeScript::of).filter(s -> !IGNORED.contains(s)).forEach(scripts::add);
        if (scripts.size() <= 1 || ALLOWED_MIXES.stream().anyMatch(allowed -> allowed.containsAll(scripts))) {
            return null;
        }
        return scripts.stream().map(Enum::name).sorted().collect(Collectors.joining(", "));
    }

    /** The skeleton two names are compared by (TS #39, case folded, marks dropped). */
    public static String skeleton(String normalized) {
        String nfd = Normalizer.normalize(normalized, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK) {
                return;
            }
            String mapped = CONFUSABLES.map(c);
            if (mapped == null) {
                // case is folded after the lookup, so a capital with its own look-alike (Cyrillic В → b) keeps it
                int lower = Character.toLowerCase(c);
                mapped = CONFUSABLES.map(lower);
                if (mapped == null) {
                    mapped = new String(Character.toChars(lower));
                }
            }
            out.append(mapped);
        });
        return out.toString();
    }

    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.CONTROL || Character.isWhitespace(c) || Character.isSpaceChar(c)
            || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF) || (c >= 0x180B && c <= 0x180F)
            || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x17B4 || c == 0x17B5;
    }
}
