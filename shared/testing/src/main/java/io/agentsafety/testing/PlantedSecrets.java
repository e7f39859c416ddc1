package io.agentsafety.testing;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Real-format credentials to plant where the service echoes caller text (field names, URL paths, method
 * names, identifiers, metadata), and the check that none of them comes back. Made up for these tests (none is
 * live), each in the shape its vendor issues and that the redactor's table recognises.
 */
public final class PlantedSecrets {

    /**
     * One planted secret: {@code text} is what the caller sends, {@code secret} the part that must never come
     * back (for a {@code password=} pair the word "password" may stay, the value may not), {@code httpToken}
     * whether it can be an HTTP method name (an RFC 9110 token: no {@code =}).
     */
    public record Planted(String name, String text, String secret, boolean httpToken) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static final Planted GITHUB_PAT = new Planted("github_pat",
        "ghp_R7tQ2mXv9LkP4sWn8ZbY1cHd6JfG3eKa5UoT", "ghp_R7tQ2mXv9LkP4sWn8ZbY1cHd6JfG3eKa5UoT", true);
    public static final Planted AWS_KEY = new Planted("aws_access_key_id",
        "AKIAQ4ZB7MWX2RPNT3LV", "AKIAQ4ZB7MWX2RPNT3LV", true);
    public static final Planted STRIPE_KEY = new Planted("stripe_secret_key",
        "sk_live_51Hq8ZtKpV2mX9wL4rT7yB3nC", "sk_live_51Hq8ZtKpV2mX9wL4rT7yB3nC", true);
    public static final Planted JWT = new Planted("jwt",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudC03Iiwicm9sZSI6ImFkbWluIiwiZXhwIjoxODkzNDU2MDAwfQ"
            + ".kQ8Zr2vX7nLp4sWt9yBc3mJd6hFg1eKa5UoTq0RiNwE",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZ2VudC03Iiwicm9sZSI6ImFkbWluIiwiZXhwIjoxODkzNDU2MDAwfQ"
            + ".kQ8Zr2vX7nLp4sWt9yBc3mJd6hFg1eKa5UoTq0RiNwE", true);
    public static final Planted PASSWORD_PAIR = new Planted("password_pair",
        "password=hunter2Zq8Wv2Lk", "hunter2Zq8Wv2Lk", false);

    public static final List<Planted> ALL = List.of(GITHUB_PAT, AWS_KEY, STRIPE_KEY, JWT, PASSWORD_PAIR);

    private PlantedSecrets() {
    }

    /** {@link #ALL}, as a JUnit {@code @MethodSource("io.agentsafety.testing.PlantedSecrets#all")}. */
    public static List<Planted> all() {
        return ALL;
    }

    /**
     * Fails if {@code text} holds the secret, or any 12-character piece of it (a cut secret is still a leak).
     * The JWT's header is the same for every HS256 token, so pieces are taken from its payload and signature.
     */
    public static void assertAbsent(Planted planted, String text, String where) {
        if (text == null) {
            return;
        }
        String secret = planted.secret();
        int from = planted == JWT ? secret.indexOf('.') + 1 : 0;
        for (int i = from; i + 12 <= secret.length(); i++) {
            String piece = secret.substring(i, i + 12);
            assertFalse(text.contains(piece), () -> planted.name() + " leaked (" + piece + ") in " + where + ": " + text);
        }
    }

    /** {@link #assertAbsent} for every planted secret. */
    public static void assertNoneIn(String text, String where) {
        for (Planted planted : ALL) {
            assertAbsent(planted, text, where);
        }
    }
}
