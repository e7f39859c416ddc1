package io.agentsafety.audit;

import io.agentsafety.redaction.Redactor;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets in their vendors' real formats, generated from a fixed seed (never real credentials): a GitHub
 * classic PAT, an AWS secret access key, a Stripe live secret key and a password assignment. {@link #check()}
 * proves the detectors recognise each one, so "no finding in the stream" means something.
 */
public final class RealFormatSecrets {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Random RANDOM = new Random(20261205L);

    public static final String GITHUB_PAT = "ghp_" + random(36, ALNUM);
    public static final String AWS_SECRET_KEY = random(40, ALNUM + "/+");
    public static final String STRIPE_KEY = "sk_live_" + random(99, ALNUM);
    public static final String PASSWORD = "Xq7" + random(13, ALNUM) + "!9";

    /** The raw values, to check none appears verbatim. */
    public static final List<String> VALUES = List.of(GITHUB_PAT, AWS_SECRET_KEY, STRIPE_KEY, PASSWORD);

    private RealFormatSecrets() {
    }

    /** A command line that carries all four, as an agent would send it. */
    public static String command() {
        return "AWS_SECRET_ACCESS_KEY=" + AWS_SECRET_KEY + " curl -u admin:" + PASSWORD + " -H 'Authorization: token "
            + GITHUB_PAT + "' https://api.github.com/user && stripe --api-key " + STRIPE_KEY;
    }

    public static void check() {
        Redactor redactor = Redactor.builtIn();
        for (String text : List.of(GITHUB_PAT, "aws_secret_access_key=" + AWS_SECRET_KEY, STRIPE_KEY, "password=" + PASSWORD,
                "https://admin:" + PASSWORD + "@example.com/", command())) {
            assertTrue(redactor.redact(text).count() > 0, "the detectors do not recognise a test secret's format");
        }
        String redacted = redactor.redactToString(command());
        for (String secret : VALUES) {
            assertTrue(!redacted.contains(secret), "the command's secrets are not all redacted");
        }
    }

    private static String random(int length, String alphabet) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
