package io.agentsafety.redaction;

import com.google.re2j.Pattern;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Named shape checks a detector row can ask for, plus entropy. They exist for precision: context
 * detectors ("password=", "api_key:") see many values that are not secrets (references, numbers,
 * names, hashes), and each check rejects one such family with a reason a reviewer can read.
 */
final class ValueChecks {

    private ValueChecks() {
    }

    // The key-name word lists (what makes a key a credential's label, what makes it metadata) are data with executed
    // examples: ValueWords, value-words.yaml.

    private static final Shape UUID = Shape.of(
        "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Shape NUMERIC = Shape.of("^[0-9.,:_+\\-/ ]+[a-zA-Z]{0,2}$");
    private static final Shape HASH_PREFIXED = Shape.of(
        "^(?i)(?:sha[0-9]{1,3}|md5|h1|zh|blake2b?|sha3-[0-9]+|crc32c?|xxh64)[-:=]|^SCRAM-SHA-[0-9]+\\$[0-9]+:");
    private static final Shape URL = Shape.of("^[A-Za-z][A-Za-z0-9+.\\-]*://");
    private static final Shape PATH = Shape.of("^(?:~?/|\\./|\\.\\./|[A-Za-z]:\\\\)");
    private static final Shape LOWER_PATH = Shape.of("^[a-z0-9_\\-.]+(?:/[a-z0-9_\\-.*]+)+/?$");
    private static final Shape IDENTIFIER = Shape.of(
        "^[A-Za-z_$@][A-Za-z0-9_$@]*(?:(?:\\.|::|->|\\[)['\"]?[A-Za-z_$][A-Za-z0-9_$]*['\"]?\\]?)*(?:\\(\\))?$");
    private static final Shape RESOURCE_NAME = Shape.of("^[a-z][a-z0-9]*(?:(?:[-_.]|::?)[a-z0-9]+)+$");
    private static final Shape ENV_NAME = Shape.of("^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$");
    private static final Shape BASE64 = Shape.of("^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_\\-]+={0,2}$");
    /** Letters and separators only: a header or field name in a list, not a credential. */
    private static final Shape FIELD_NAME = Shape.of("^[-_.]*[A-Za-z][A-Za-z_.\\-]*$");
    private static final Shape TOKEN_CHARS = Shape.of("^[A-Za-z0-9_\\-+/=.~]+$");
    /**
     * A sentence (UI text, i18n catalogues, error messages): three or more words of letters that start
     * with a capital or carry sentence punctuation. A seed phrase (lower-case words only) is not prose.
     */
    private static final Shape PROSE = Shape.of(
        "^(?:[A-Z][a-z']*(?:[ ,;:]+[A-Za-z']+){2,}[.!?]?|[A-Za-z']+(?:[ ]+[A-Za-z']+)*,(?:[ ]+[A-Za-z']+)+[.!?]?|[A-Za-z']+(?:[ ]+[A-Za-z']+){2,}[.!?])$");
    /**
     * A short capitalised label of letter-only words ("Mot de passe", "Forgot password?"): UI text, not a
     * passphrase. Lower-case groups such as Google app passwords ("abcd efgh ijkl mnop") stay secrets.
     */
    private static final Shape LABEL = Shape.of("^\\p{Lu}\\p{L}*(?: \\p{L}+)+[?:]?$");
    /** Values that are code or notation rather than a credential: a regex, a parameter list, an option, a header name. */
    private static final Shape REGEX_LIKE = Shape.of(
        "\\(\\?[:=!<P]|\\[\\^|\\\\[dswDSWbB]|\\{[0-9]+(?:,[0-9]*)?\\}|\\[[A-Za-z0-9]-[A-Za-z0-9]");
    private static final Shape PARAM_LIST = Shape.of("^\\(.*\\)$");
    private static final Shape OPTION = Shape.of("^-{1,2}[A-Za-z][A-Za-z0-9\\-]*=?$");
    private static final Shape HEADER_NAME = Shape.of("^[A-Z][a-z]+(?:-[A-Z][a-z]+)+$");
    private static final Shape COLON_WORDS = Shape.of("^:[A-Za-z]+(?::[A-Za-z]+)*:?$|^[A-Za-z]+(?::[A-Za-z]+)*:$");
    private static final Shape ALGORITHM = Shape.of(
        "(?i)^[a-z0-9_\\-]*(?:sha-?[0-9]{1,3}|md5|hmac|rsa|ecdsa|ed25519|aes-?[0-9]{3}|chacha20|blake2)[a-z0-9_\\-]*$");
    private static final Shape CAMEL = Shape.of("^[a-z]+(?:[A-Z][a-z]+)+$|^(?:[A-Z][a-z]+){2,}$");
    /** A key block must carry key material: 20+ base64 characters outside its BEGIN/END lines. */
    private static final Pattern PEM_ARMOR = Pattern.compile("-----(?:BEGIN|END) [A-Z0-9 ]+-----");
    private static final Pattern PEM_BODY = Pattern.compile("[A-Za-z0-9+/]{20}");
    /** A number longer than an epoch in milliseconds (13 digits). */
    private static final Shape LONG_NUMBER = Shape.of("[0-9]{14}");
    /** Alphabet runs ("ABCDEFGHIJ", "0123456789"): a character-class definition, not a secret. */
    private static final Shape ALPHABET_RUN = Shape.of("(?i)abcdefghij|klmnopqrst|0123456789");
    private static final Shape LOWER_WORDS = Shape.of("^[a-z]+(?: [a-z]+)+$");
    /** A word behind one sigil (".qualifier", "-verbose", ":name"): an option or a selector. */
    private static final Shape SIGIL_WORD = Shape.of("^[.\\-_:#@][A-Za-z]+(?:-[A-Za-z]+)*$");
    private static final Shape DATA_URI = Shape.of("^(?i)data:[a-z]+/");

    /**
     * A shape regex behind its required literals ({@link RequiredLiterals}): a value holding none of them cannot match,
     * so the regex runs only on values that could (each value of a credential-looking assignment goes through ~17 of
     * these; most hold no {@code /}, {@code ://}, {@code -}, {@code :}, {@code (?}, {@code [} or alphabet run).
     * The regex itself runs on {@link BitStateMatch} (RE2J's own program, so the same answer): a value rejected in
     * its first characters then costs a few instructions, where RE2J's matcher costs ~1 µs of set-up per call
     * (new matcher, a machine from its pool), and each accepted secret passed through ~25 of these calls.
     */
    static final class Shape {
        /** A program not available (RE2J answers): the lazy fields' value once looked at. */
        private static final Object ABSENT = new Object();

        private final Pattern pattern;
        private final RequiredLiterals required;
        /**
         * The backtrackers, read from RE2J's programs on first use (a table's shapes cost nothing until asked), racily:
         * a thread that sees none yet builds the same one again. {@code whole}: the regex anchored at both ends
         * ({@code \A(?:regex)\z}), RE2J's {@code matches}; {@code atStart}: the regex itself where every match opens at
         * the text's start, so {@code find} is a match at 0. Each a {@link Program}, or {@link #ABSENT}.
         */
        private Object whole;
        private Object atStart;

        private Shape(Pattern pattern) {
            this.pattern = pattern;
            this.required = RequiredLiterals.of(pattern);
        }

        static Shape of(String regex) {
            return new Shape(Pattern.compile(regex));
        }

        Pattern pattern() {
            return pattern;
        }

        /** RE2J's {@code pattern.matches(v)}: the whole value. */
        boolean matches(String v) {
            if (!mayMatch(v)) {
                return false;
            }
            Object program = whole;
            if (program == null) {
                BitStateMatch b = BitStateMatch.of(Pattern.compile("\\A(?:" + pattern.pattern() + ")\\z", pattern.flags()));
                whole = program = b == null ? ABSENT : new Program(b, b.openingAscii());
            }
            int answer = run(program, v);
            return answer == BitStateMatch.GAVE_UP ? pattern.matches(v) : answer == BitStateMatch.MATCH_FOUND;
        }

        /** RE2J's {@code pattern.matcher(v).find()}: a match anywhere in the value. */
        boolean find(String v) {
            if (!mayMatch(v)) {
                return false;
            }
            Object program = atStart;
            if (program == null) {
                BitStateMatch b = BitStateMatch.of(pattern);
                atStart = program = b != null && b.opensAtTextStart() ? new Program(b, b.openingAscii()) : ABSENT;
            }
            int answer = run(program, v);
            return answer == BitStateMatch.GAVE_UP ? pattern.matcher(v).find() : answer == BitStateMatch.MATCH_FOUND;
        }

        private static int run(Object program, String v) {
            if (!(program instanceof Program p)) {
                return BitStateMatch.GAVE_UP;
            }
            if (p.refusesOpening(v)) {
                return BitStateMatch.NO_MATCH;
            }
            return p.match().fits(v.length()) ? p.match().lookingAt(v, new int[2]) : BitStateMatch.GAVE_UP;
        }

        /**
         * A backtracker and the ASCII characters its matches open with ({@link BitStateMatch#openingAscii}, null for
         * any): both programs match only at the value's start, so a value opening with another ASCII character is
         * refused by one test instead of a run (most values fail most shapes at their first character; a
         * credential-looking assignment's value goes through ~17 shapes).
         */
        private record Program(BitStateMatch match, long[] opening) {

            boolean refusesOpening(String v) {
                if (opening == null || v.isEmpty()) {
                    return false;
                }
                char c = v.charAt(0);
                return c < 128 && (opening[c >>> 6] >>> c & 1L) == 0;
            }
        }

        private boolean mayMatch(String v) {
            return required == null || required.mayMatch(v, 0, v.length());
        }
    }

    private static final Map<String, BiPredicate<String, String>> CHECKS = Map.ofEntries(
        Map.entry("key_name", (value, key) -> key == null
            || ((sensitiveKey(key) || (qualifiedKey(key) && stronglyRandom(value))) && !pgpKeyId(key, value))),
        Map.entry("not_field_name", (value, key) -> !FIELD_NAME.matches(value)),
        Map.entry("not_form_nonce", (value, key) -> key == null || !formNonce(significantWords(key))),
        Map.entry("secret_value", (value, key) -> secretValue(value)),
        Map.entry("password_value", (value, key) -> passwordValue(value)),
        Map.entry("assignment_value", (value, key) -> isPasswordKey(key) ? passwordValue(value) : secretValue(value)),
        Map.entry("not_uuid", (value, key) -> !UUID.matches(value)),
        Map.entry("base64", (value, key) -> BASE64.matches(value)),
        Map.entry("basic_credentials", (value, key) -> basicCredentials(value)),
        Map.entry("sasl_plain", (value, key) -> saslPlain(value)),
        Map.entry("pem_body", (value, key) -> PEM_BODY.matcher(PEM_ARMOR.matcher(value).replaceAll(" ")).find()),
        Map.entry("mixed", (value, key) -> charClasses(value) >= 2),
        Map.entry("has_digit", (value, key) -> value.chars().anyMatch(Character::isDigit)),
        Map.entry("not_numeric", (value, key) -> !NUMERIC.matches(value)),
        Map.entry("not_hex_hash", (value, key) -> !isHex(value) || (value.length() != 40 && value.length() != 64)),
        Map.entry("not_word", (value, key) -> !looksLikeWordOrReference(value)),
        Map.entry("labelled_random", (value, key) -> labelledRandom(key, value)));

    static boolean known(String check) {
        return CHECKS.containsKey(check);
    }

    static List<String> names() {
        return CHECKS.keySet().stream().sorted().toList();
    }

    static boolean apply(String check, String value, String key) {
        return CHECKS.get(check).test(value, key);
    }

    /** Shannon entropy in bits per character. */
    static double entropy(CharSequence s) {
        if (s.length() == 0) {
            return 0;
        }
        int[] counts = new int[128];
        java.util.HashMap<Character, Integer> wide = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (wide == null) {
                    wide = new java.util.HashMap<>();
                }
                wide.merge(c, 1, Integer::sum);
            }
        }
        double h = 0;
        double n = s.length();
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * Math.log(p);
            }
        }
        if (wide != null) {
            for (int c : wide.values()) {
                double p = c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }

    static int charClasses(String s) {
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z') {
                lower = true;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    // java.util.regex patterns of the String.replaceAll/split calls below, compiled once: keys and values are
    // split on every candidate finding, and compiling per call cost more than the rest of the checks
    private static final java.util.regex.Pattern CAMEL_STEP = java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");
    private static final java.util.regex.Pattern ACRONYM_STEP = java.util.regex.Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final java.util.regex.Pattern NON_ALNUM_LOWER = java.util.regex.Pattern.compile("[^a-z0-9]+");
    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("[ \t]+");
    private static final java.util.regex.Pattern SQL_QUOTING = java.util.regex.Pattern.compile("[`\"\\[\\]]");

    /** Splits a key such as {@code spring.datasource.password} or {@code openaiApiKey} into lower-case words. */
    static List<String> words(String key) {
        Map<String, List<String>> memo = WORDS_MEMO.get();
        List<String> known = memo.get(key);
        if (known != null) {
            return known;
        }
        if (memo.size() >= 4096) {
            memo.clear();
        }
        List<String> words = splitWords(key);
        memo.put(key, words);
        return words;
    }

    /**
     * {@link #words} per key within one scan (the Redactor clears it with its own memos): every candidate value
     * splits its key two or three times, and logs repeat their keys.
     */
    private static final ThreadLocal<Map<String, List<String>>> WORDS_MEMO = ThreadLocal.withInitial(java.util.HashMap::new);

    static void clearMemo() {
        WORDS_MEMO.get().clear();
    }

    private static List<String> splitWords(String key) {
        String spaced = CAMEL_STEP.matcher(key).replaceAll("$1 $2");
        spaced = ACRONYM_STEP.matcher(spaced).replaceAll("$1 $2");
        return java.util.Arrays.stream(NON_ALNUM_LOWER.split(spaced.toLowerCase(Locale.ROOT)))
            .filter(w -> !w.isEmpty()).toList();
    }

    /**
     * A table whose rows hold credentials: the last word of its name (schema, quoting and brackets dropped) is one of
     * {@code credential_tables} ({@code users}, {@code wp_users}, {@code oauth_tokens}; not {@code user_roles}).
     */
    static boolean credentialTable(String table) {
        String name = SQL_QUOTING.matcher(table.substring(table.lastIndexOf('.') + 1)).replaceAll("");
        List<String> words = significantWords(name);
        return !words.isEmpty() && ValueWords.CREDENTIAL_TABLES.contains(words.get(words.size() - 1));
    }

    /** Does this key name a credential (and not metadata about one, like its name, length or TTL)? */
    static boolean sensitiveKey(String key) {
        List<String> words = significantWords(key);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        if (ValueWords.DENIED_LAST.contains(last) || formNonce(words)) {
            return false;
        }
        boolean sensitive = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (ValueWords.DENIED_ANY.contains(w)) {
                return false;
            }
            if (w.equals("key") || w.equals("keys")) {
                // "key" alone is too common (map keys, key ids); it needs a qualifier before it.
                if (i > 0 && ValueWords.KEY_QUALIFIERS.contains(words.get(i - 1))) {
                    sensitive = true;
                }
            } else if (ValueWords.SENSITIVE.contains(w)) {
                sensitive = true;
            } else if (w.endsWith("password") || w.endsWith("secret") || w.endsWith("token")
                || w.endsWith("apikey") || w.endsWith("passwd")) {
                sensitive = true;
            }
        }
        return sensitive;
    }

    /** "csrf-token", "authenticity_token": a form's anti-forgery nonce (value-words.yaml, nonce_qualifiers). */
    private static boolean formNonce(List<String> words) {
        int n = words.size();
        return n >= 2 && (words.get(n - 1).equals("token") || words.get(n - 1).equals("tokens"))
            && ValueWords.NONCE_QUALIFIERS.contains(words.get(n - 2));
    }

    /**
     * "Fastly-Key", "algolia_key", "MEILI_MASTER_KEY": "key" after a word we do not know (a vendor name).
     * Only a value that is plainly machine-generated makes such a key a credential.
     */
    static boolean qualifiedKey(String key) {
        List<String> words = significantWords(key);
        int n = words.size();
        if (n < 2 || !(words.get(n - 1).equals("key") || words.get(n - 1).equals("keys"))) {
            return false;
        }
        for (String w : words) {
            if (ValueWords.DENIED_ANY.contains(w) || ValueWords.DATA_KEY_QUALIFIERS.contains(w)) {
                return false;
            }
        }
        return true;
    }

    /** 20+ token characters with upper, lower and digits and high entropy; not a UUID. */
    static boolean stronglyRandom(String v) {
        if (v.length() < 20 || !TOKEN_CHARS.matches(v) || UUID.matches(v)) {
            return false;
        }
        boolean lower = v.chars().anyMatch(c -> c >= 'a' && c <= 'z');
        boolean upper = v.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
        boolean digit = v.chars().anyMatch(c -> c >= '0' && c <= '9');
        return lower && upper && digit && entropy(v) >= 4.0;
    }

    /** Label words that name a credential alone or at the end of an identifier ("acme token", "payflowKey"). */
    private static final List<String> LABEL_WORDS = List.of(
        "key", "keys", "token", "secret", "auth", "pass", "pwd", "credential", "credentials", "cred", "creds",
        "api", "apikey", "password", "passwd", "passphrase");

    /**
     * The generic-credential rule (issue 14): a label that names a credential, or merely could ("key",
     * "api", "Key ID", "acmeCredential"), bound to a value that is plainly machine-generated. Looser
     * separators than an assignment ("-&gt;", "is", a space) are safe only because the value must be random.
     */
    static boolean labelledRandom(String key, String value) {
        if (key == null || pgpKeyId(key, value)) {
            return false;
        }
        boolean password = isPasswordKey(key);
        if (!(sensitiveKey(key) || credentialLabel(key, value))) {
            return false;
        }
        return password ? humanSecret(value) : randomValue(value);
    }

    /**
     * The identifier ends in a label word ("MY_SERVICE_TOKEN", "tallyapi", "NIMBUSKEY_ID", "Key ID"),
     * and nothing in it says the value is metadata, public or a data key.
     */
    static boolean credentialLabel(String key, String value) {
        List<String> words = significantWords(key);
        int n = words.size();
        if (n == 0) {
            return false;
        }
        String last = words.get(n - 1);
        if (n >= 2 && last.equals("id") && (words.get(n - 2).endsWith("key") || words.get(n - 2).endsWith("keys"))) {
            if (n >= 3 && words.get(n - 3).equals("private")) {
                // "private_key_id": a service account key's fingerprint (Google's key files), listed by the IAM API
                return false;
            }
            // "Key ID", "KEY_ID", "apiKeyId": the identifying half of a key pair travels with its secret, hex or not
            // (issue 14 names "Key ID" a credential label); a PGP/signing key id is kept by pgpKeyId, a UUID by
            // randomValue, and a value that is not random at all by the value rule.
            // "credentialsId", "tokenId": the name under which a stored credential is looked up (Jenkins, Azure)
            n--;
            last = words.get(n - 1);
        }
        for (int i = 0; i < n; i++) {
            if (ValueWords.DENIED_ANY.contains(words.get(i))) {
                return false;
            }
        }
        // "cache key", "sort_key", "public key": a data key or a public half, whatever its value; "csrf token": a nonce
        if ((n >= 2 && ValueWords.DATA_KEY_QUALIFIERS.contains(words.get(n - 2))) || formNonce(words.subList(0, n))) {
            return false;
        }
        return !ValueWords.DENIED_LAST.contains(last) && endsInLabel(last);
    }

    private static boolean endsInLabel(String word) {
        for (String l : LABEL_WORDS) {
            if (word.endsWith(l)) {
                // "bypass", "compass", "keypass" end in "pass": only the exact word or a long glued vendor name
                return !l.equals("pass") || word.equals("pass") || word.endsWith("_pass");
            }
        }
        return word.startsWith("keyid");
    }

    /** Machine-generated: long hex, or 16+ characters of three classes with high entropy; never a word, path or URL. */
    static boolean randomValue(String v) {
        if (v.startsWith("/") && base64Blob(v)) {
            return true;
        }
        if (v.length() < 14 || v.indexOf(' ') >= 0 || commonNonSecret(v) || UUID.matches(v)
            || RESOURCE_ID.find(v) || wordsAndNumbers(v) || camelWordsAndNumbers(v)) {
            return false;
        }
        if (isHex(v)) {
            return v.length() >= 32 && entropy(v) >= 3.0;
        }
        if (stronglyRandom(v)) {
            return true;
        }
        if (v.chars().allMatch(Character::isLetter)) {
            // letters only: random when the case flips as often as chance says, not at word starts
            return v.length() >= 20 ? caseFlips(v) >= v.length() / 4 && entropy(v) >= 3.8 : shortLetterDraw(v);
        }
        if (v.length() >= 20 && singleCaseMix(v)) {
            return true;
        }
        return (charClasses(v) >= 3 && v.chars().anyMatch(Character::isDigit) && entropy(v) >= (v.length() >= 20 ? 3.6 : 3.3))
            || shortLetterDraw(v);
    }

    /**
     * 14-24 characters drawn at random from letters of both cases and maybe a few symbols, no digit ({@code api:
     * "MBEBENqkErhuUhO"}, {@code "FVIPmornQV*QkhU"}: keys of services that leave digits out, generated passwords that
     * drew none): among the letters the case flips at a quarter of the steps or more (a draw flips at half, seldom
     * below a quarter; CamelCase names such as "XMLHttpRequest" or "X-Forwarded-For" flip only at word starts), at least three of each case, fewer
     * than three capitalised words ("jQueryUIDatePicker" has three), no lower-case run of five, at most a quarter
     * symbols and nearly every character distinct. Only ever asked after a credential label.
     */
    static boolean shortLetterDraw(String v) {
        int n = v.length();
        if (n < 14 || n > 24) {
            return false;
        }
        int upper = 0;
        int lower = 0;
        int lowerRun = 0;
        int capitalisedWords = 0;
        int flips = 0;
        int previousLetter = 0; // 0 none yet, 1 upper, 2 lower
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            int kind;
            if (c >= 'A' && c <= 'Z') {
                upper++;
                lowerRun = 0;
                kind = 1;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
                lowerRun++;
                // "Query", "Date", "Picker": a capital then 2+ lower-case letters starts a word
                if (lowerRun == 2 && i >= 2 && Character.isUpperCase(v.charAt(i - 2))) {
                    capitalisedWords++;
                }
                if (lowerRun >= 5) {
                    return false;
                }
                kind = 2;
            } else if (DRAWN_SYMBOLS.indexOf(c) >= 0) {
                lowerRun = 0;
                continue;
            } else {
                return false;
            }
            if (previousLetter != 0 && previousLetter != kind) {
                flips++;
            }
            previousLetter = kind;
        }
        int letters = upper + lower;
        return letters * 4 >= n * 3 && upper >= 3 && lower >= 3 && capitalisedWords < 3 && flips * 4 >= letters
            && entropy(v) >= 3.3;
    }

    /** Symbols that password generators and some services draw from, next to letters and digits. */
    private static final String DRAWN_SYMBOLS = "!#%*+-_.~";

    /**
     * Letters of one case mixed with digits the way a random draw from [a-z0-9] (or [A-Z0-9]) mixes them, as
     * many services' keys are ("Using Key=3em7p52ec9ut…"): a fair share of digits, frequent switches between
     * letters and digits (not "build20240601release"), high entropy. Only ever asked after a credential label.
     */
    static boolean singleCaseMix(String v) {
        int n = v.length();
        int digits = 0;
        int lower = 0;
        int upper = 0;
        int switches = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c >= 'a' && c <= 'z') {
                lower++;
            } else if (c >= 'A' && c <= 'Z') {
                upper++;
            } else {
                return false;
            }
            if (i > 0 && Character.isDigit(c) != Character.isDigit(v.charAt(i - 1))) {
                switches++;
            }
        }
        if (lower > 0 && upper > 0) {
            return false;
        }
        return digits * 10 >= n && digits * 10 <= n * 6 && switches * 6 >= n && entropy(v) >= (n >= 32 ? 4.0 : 3.6);
    }

    private static int caseFlips(String v) {
        int flips = 0;
        for (int i = 1; i < v.length(); i++) {
            if (Character.isUpperCase(v.charAt(i)) != Character.isUpperCase(v.charAt(i - 1))) {
                flips++;
            }
        }
        return flips;
    }

    /** Standard base64 may start with '/': a blob of 20+ characters, strongly random, with no path-like structure. */
    private static boolean base64Blob(String v) {
        return v.length() >= 20 && BASE64.matches(v) && stronglyRandom(v) && v.chars().filter(c -> c == '/').count() <= 3
            && !wordsAndNumbers(v);
    }

    private static final Shape RESOURCE_ID = Shape.of("^(?i)(?:arn|urn|projects|gid|ocid1|azure):|^/subscriptions/");
    /** A number, or a word in one case or capitalised, optionally numbered ("v8", "Anvil2", "cmp2"). */
    private static final Shape WORD_PART = Shape.of("^(?:[0-9]+|(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)[0-9]{0,2})$");

    /** "user:12345:profile", "src/App.test.tsx", "Build-2024-06", "chain_Anvil2_Key": words and numbers joined, a name not a token. */
    static boolean wordsAndNumbers(String v) {
        for (String part : alnumParts(v)) {
            if (!WORD_PART.matches(part)) {
                return false;
            }
        }
        return true;
    }

    /** A run of words in CamelCase: a capital and two or more lower-case letters each, or all lower case first. */
    private static final Shape CAMEL_WORDS = Shape.of("^(?:[a-z]{2,}|[A-Z][a-z]{2,})(?:[A-Z][a-z]{2,})+[0-9]{0,2}$");

    /**
     * "SalesResults-1.2", "clm90144:AgencyIdentificationCode": names written in CamelCase joined with numbers and
     * numbered words. Asked only where a value must look machine-generated: a human password may well be words.
     */
    static boolean camelWordsAndNumbers(String v) {
        boolean camel = false;
        for (String part : alnumParts(v)) {
            if (WORD_PART.matches(part) || NUMBERED_WORD.matches(part)) {
                continue;
            }
            if (!CAMEL_WORDS.matches(part)) {
                return false;
            }
            camel = true;
        }
        return camel;
    }

    /**
     * The non-empty parts of {@code v} split at {@code [^A-Za-z0-9]+}, the maximal runs of ASCII letters and digits, by hand: asked of
     * every value a credential label carries, where the regex split cost more than the checks on its parts.
     */
    static List<String> alnumParts(String v) {
        List<String> parts = new ArrayList<>();
        for (int i = 0, n = v.length(); i < n; ) {
            while (i < n && !asciiAlnum(v.charAt(i))) {
                i++;
            }
            int s = i;
            while (i < n && asciiAlnum(v.charAt(i))) {
                i++;
            }
            if (i > s) {
                parts.add(v.substring(s, i));
            }
        }
        return parts;
    }

    /** A lower-case word and its number ("clm90144", "build42"): one switch from letters to digits, not a draw. */
    private static final Shape NUMBERED_WORD = Shape.of("^[a-z]{2,}[0-9]+$");

    /**
     * A prefix-format match whose body stands in for a key: CamelCase words (below) or one character repeated to the
     * format's length ({@code AIzaaaaa…}, {@code sntryu_aaaa…}).
     */
    static boolean placeholderBody(String v) {
        return wordsBody(v) || oneCharacterBody(v);
    }

    /**
     * One character fills 85 % of the value: a prefix padded out to the format's length. Not less: an all-zero bech32
     * key ({@code AGE-SECRET-KEY-1QQQ…}, 78 % 'Q') is a valid key, and other projects' corpora count it as one.
     */
    static boolean oneCharacterBody(String v) {
        int n = v.length();
        for (int i = n - 1; i >= n - 2 && i >= 0; i--) {
            // the padding reaches the end: its character is one of the last two (a checksum may follow)
            char c = v.charAt(i);
            int same = 0;
            for (int j = 0; j < n; j++) {
                same += v.charAt(j) == c ? 1 : 0;
            }
            if (same * 20 >= n * 17) {
                return true;
            }
        }
        return false;
    }

    /**
     * A service's token prefix with a body spelled in CamelCase words ("xoxe.xoxp-1-SlackAppConfigurationAccessTokenHere"):
     * a description of the token, not one. Asked only of prefix-format rows: after "password=" words may be a passphrase.
     * Three capitalised words of 3+ letters filling half a random draw are as unlikely as the run above.
     */
    static boolean wordsBody(String v) {
        // the widest run of ASCII letters and digits (the first of equals), by hand: asked at every prefix-row hit
        int widestStart = 0;
        int widest = 0;
        for (int i = 0, n = v.length(); i < n; ) {
            int s = i;
            while (i < n && asciiAlnum(v.charAt(i))) {
                i++;
            }
            if (i - s > widest) {
                widest = i - s;
                widestStart = s;
            }
            i = Math.max(i, s + 1);
        }
        return widest >= 12 && widest * 2 >= v.length() && camelWords3(v, widestStart, widestStart + widest);
    }

    private static boolean asciiAlnum(char c) {
        return c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9');
    }

    /** {@code (?:[A-Z][a-z]{2,}){3,}} over v[from, to): three or more capitalised words and nothing else. */
    private static boolean camelWords3(String v, int from, int to) {
        int words = 0;
        int i = from;
        while (i < to) {
            if (v.charAt(i) < 'A' || v.charAt(i) > 'Z') {
                return false;
            }
            int s = ++i;
            while (i < to && v.charAt(i) >= 'a' && v.charAt(i) <= 'z') {
                i++;
            }
            if (i - s < 2) {
                return false;
            }
            words++;
        }
        return words >= 3;
    }

    /** A password said in passing ("the password is …"): 8+ characters of three classes, not a word. */
    static boolean humanSecret(String v) {
        return v.length() >= 8 && v.indexOf(' ') < 0 && charClasses(v) >= 3 && !wordsAndNumbers(v)
            && !RESOURCE_ID.find(v) && passwordValue(v) && entropy(v) >= 2.8;
    }

    /** "gpg.key" / "signing.keyId" holding 8, 16 or 40 hex digits: a public key id or fingerprint. */
    static boolean pgpKeyId(String key, String value) {
        List<String> words = words(key);
        boolean pgp = words.contains("gpg") || words.contains("pgp") || words.contains("signing");
        int n = value.length();
        return pgp && (n == 8 || n == 16 || n == 40) && isHex(value);
    }

    /**
     * The key's words without trailing numbers ("API_KEY_2", "PuTTY-User-Key-File-3"); a label word with a number
     * glued to it counts as the label ("token1", "apiKey2", "password3": the second of several credentials).
     */
    static List<String> significantWords(String key) {
        List<String> words = words(key);
        int n = words.size();
        while (n > 1 && words.get(n - 1).chars().allMatch(Character::isDigit)) {
            n--;
        }
        if (n == 0) {
            return words;
        }
        String last = words.get(n - 1);
        String unnumbered = withoutNumberSuffix(last);
        // not "auth": "auth0" and "oauth2" are a product and a protocol, not a second credential
        if (unnumbered != last && endsInLabel(unnumbered) && !unnumbered.endsWith("auth")) {
            List<String> relabelled = new java.util.ArrayList<>(words.subList(0, n));
            relabelled.set(n - 1, unnumbered);
            return relabelled;
        }
        return words.subList(0, n);
    }

    /** "token12" without its 1-2 trailing digits when 3+ letters stay; the word itself otherwise. */
    private static String withoutNumberSuffix(String word) {
        int end = word.length();
        while (end > 0 && end > word.length() - 3 && Character.isDigit(word.charAt(end - 1))) {
            end--;
        }
        boolean suffix = end < word.length() && end >= 3 && !Character.isDigit(word.charAt(end - 1));
        return suffix ? word.substring(0, end) : word;
    }

    static boolean isPasswordKey(String key) {
        if (key == null) {
            return false;
        }
        for (String w : words(key)) {
            if (ValueWords.PASSWORD.contains(w) || w.endsWith("password") || w.endsWith("passwd")) {
                return true;
            }
        }
        return false;
    }

    /** A value under a secret-ish key (token, api key, secret): must look machine-generated. */
    static boolean secretValue(String v) {
        if (v.length() >= 16 && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            // a long number under a token or secret label is a numeric credential (client secrets, app tokens); shorter
            // ones are counts, ports, timestamps and ids (a 13-digit epoch in ms is the longest common one)
            return !ALPHABET_RUN.find(v) && !isRepetitive(v) && entropy(v) >= 2.5;
        }
        if (v.length() < 8 || commonNonSecret(v)) {
            return false;
        }
        char last = v.charAt(v.length() - 1);
        if ((last == '-' || last == '_') && v.length() < 24) {
            // a bare prefix such as "sk-ant-api03-" or "github_pat_" cut short by a placeholder
            return false;
        }
        // a lower-case name: words, or words and numbers no longer than an epoch in ms ("cmp2-qat-1208358310",
        // "spu-1234"); a longer number is as random as a numeric credential
        if (RESOURCE_NAME.matches(v) && (digitRatio(v) < 0.3 || (wordsAndNumbers(v) && !LONG_NUMBER.find(v)))) {
            return false;
        }
        if (PROSE.matches(v)) {
            return false;
        }
        // lower-case words: text ("static final int") unless long enough to be a seed phrase (12+ words)
        if (LOWER_WORDS.matches(v)) {
            return v.split(" ").length >= 12;
        }
        // machine tokens hold no spaces: judge the longest part ("Bearer <token>", "bold #6200A4")
        if (v.indexOf(' ') >= 0 || v.indexOf('\t') >= 0) {
            String longest = "";
            for (String part : BLANKS.split(v)) {
                if (part.length() > longest.length()) {
                    longest = part;
                }
            }
            return !longest.equals(v) && secretValue(longest);
        }
        boolean lettersOnly = v.chars().allMatch(Character::isLetter);
        if (lettersOnly && (v.length() < 16 || charClasses(v) < 2)) {
            return false;
        }
        if (v.length() < 20 && isHex(v) && v.chars().anyMatch(Character::isDigit) && v.chars().anyMatch(Character::isLetter)) {
            // a short hex token (ipinfo's 14, many services' 16): 16 symbols over so few characters repeat some by
            // chance, so the measured entropy of a real draw is often under 3.0
            return entropy(v) >= 2.5;
        }
        return entropy(v) >= 3.0;
    }

    /** A value under a password key: people choose these, so words and punctuation are fine. */
    static boolean passwordValue(String v) {
        if (v.length() < 6 || commonNonSecret(v) || PROSE.matches(v) || (v.length() < 24 && LABEL.matches(v))) {
            return false;
        }
        return entropy(v) >= 2.2;
    }

    private static boolean commonNonSecret(String v) {
        return NUMERIC.matches(v) || SIGIL_WORD.matches(v) || ALPHABET_RUN.find(v) || REGEX_LIKE.find(v) || PARAM_LIST.matches(v)
            || OPTION.matches(v) || HEADER_NAME.matches(v) || COLON_WORDS.matches(v) || CAMEL.matches(v)
            || (v.length() <= 24 && ALGORITHM.matches(v)) || HASH_PREFIXED.find(v) || URL.find(v) || PATH.find(v) || DATA_URI.find(v)
            || LOWER_PATH.matches(v) || looksLikeWordOrReference(v) || isRepetitive(v);
    }

    /** Code references and identifiers: os.getenv, config.apiKey, await, API_TOKEN, $VAR. */
    static boolean looksLikeWordOrReference(String v) {
        if (ENV_NAME.matches(v)) {
            return true;
        }
        if (!IDENTIFIER.matches(v)) {
            return false;
        }
        if (v.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        // letters only: a word, a camelCase or snake_case name, or a dotted reference; 14-15 letters drawn at random
        // (the case flipping at random, not at word starts) are not a word
        boolean dotted = v.contains(".") || v.contains("(") || v.contains("[") || v.startsWith("$");
        return dotted || (v.length() < 16 && !shortLetterDraw(v)) || v.equals(v.toLowerCase(Locale.ROOT)) || v.equals(v.toUpperCase(Locale.ROOT));
    }

    /** At most max(2, length / 8) distinct characters (UTF-16 units); counted by hand, stopping once past that. */
    static boolean isRepetitive(String v) {
        int limit = Math.max(2, v.length() / 8);
        long[] latin1 = new long[4];
        Set<Character> wide = null;
        int distinct = 0;
        for (int i = 0, n = v.length(); i < n; i++) {
            char c = v.charAt(i);
            boolean seen;
            if (c < 256) {
                seen = (latin1[c >>> 6] & (1L << c)) != 0;
                latin1[c >>> 6] |= 1L << c;
            } else {
                if (wide == null) {
                    wide = new HashSet<>();
                }
                seen = !wide.add(c);
            }
            if (!seen && ++distinct > limit) {
                return false;
            }
        }
        return true;
    }

    private static double digitRatio(String v) {
        return v.chars().filter(Character::isDigit).count() / (double) v.length();
    }

    private static boolean isHex(String v) {
        return v.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }

    /** SASL PLAIN decodes to "[authzid] NUL user NUL password" with a non-empty password. */
    private static boolean saslPlain(String v) {
        try {
            String s = new String(Base64.getDecoder().decode(v), java.nio.charset.StandardCharsets.UTF_8);
            int last = s.lastIndexOf('\0');
            return s.indexOf('\0') < last && last < s.length() - 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Basic credentials decode to printable "user:password". */
    private static boolean basicCredentials(String v) {
        try {
            byte[] raw = Base64.getDecoder().decode(v);
            String s = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            return s.indexOf(':') > 0 && s.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
