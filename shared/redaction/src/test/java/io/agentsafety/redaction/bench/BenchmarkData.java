package io.agentsafety.redaction.bench;

import java.util.Random;

/**
 * Deterministic benchmark inputs: a realistic mixed log (mostly clean lines of several formats, about
 * 1% of lines carrying a secret of some kind, an occasional PEM block) and pathological inputs.
 */
public final class BenchmarkData {

    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String B64 = ALNUM + "+/";
    private static final String HEX = "0123456789abcdef";

    private BenchmarkData() {
    }

    private static String rnd(Random r, String alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    /** A mixed application/access log of {@code bytes} characters. */
    public static String mixedLog(int bytes, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(bytes + 4096);
        int line = 0;
        while (b.length() < bytes) {
            line++;
            int kind = r.nextInt(1000);
            String ts = "2025-06-" + (10 + line % 20) + "T12:" + (10 + line % 50) + ":" + (10 + line % 49) + "." + (100 + line % 900) + "Z";
            if (kind < 10) {
                secretLine(b, r, ts);
            } else if (kind < 300) {
                b.append("10.").append(r.nextInt(255)).append('.').append(r.nextInt(255)).append('.').append(r.nextInt(255))
                    .append(" - - [06/May/2025:10:58:03 +0000] \"GET /api/v1/orders?page=").append(r.nextInt(50))
                    .append("&sort=created_at HTTP/1.1\" 200 ").append(r.nextInt(9000)).append(" \"https://app.example.com/orders\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n");
            } else if (kind < 600) {
                b.append("{\"ts\":\"").append(ts).append("\",\"level\":\"info\",\"msg\":\"payment captured\",\"order_id\":\"")
                    .append(uuid(r)).append("\",\"amount\":").append(r.nextInt(100000)).append(",\"currency\":\"eur\",\"attempt\":1,\"trace_id\":\"")
                    .append(rnd(r, HEX, 32)).append("\"}\n");
            } else if (kind < 750) {
                b.append(ts).append(" INFO  [main] o.s.b.w.embedded.tomcat.TomcatWebServer - Tomcat started on port(s): 8080 (http) with context path ''\n");
            } else if (kind < 850) {
                b.append(ts).append(" WARN  slow query (").append(r.nextInt(9000)).append("ms): SELECT id, status FROM orders WHERE customer_id = $1 LIMIT 50\n");
            } else if (kind < 920) {
                b.append("    at com.example.orders.OrderService.capture(OrderService.java:").append(r.nextInt(400)).append(")\n");
            } else if (kind < 970) {
                b.append(ts).append(" DEBUG http-client GET https://api.partner.example.org/v2/items/").append(r.nextInt(99999))
                    .append(" -> 200 in ").append(r.nextInt(900)).append("ms (token_count=").append(r.nextInt(4096)).append(")\n");
            } else {
                b.append(ts).append(" INFO  commit ").append(rnd(r, HEX, 40)).append(" deployed to prod by ci-bot, image sha256:")
                    .append(rnd(r, HEX, 64)).append('\n');
            }
        }
        return b.toString();
    }

    private static void secretLine(StringBuilder b, Random r, String ts) {
        switch (r.nextInt(10)) {
            case 0 -> b.append(ts).append(" DEBUG git remote https://x-access-token:ghs_").append(rnd(r, ALNUM, 36)).append("@github.com/acme/app.git\n");
            case 1 -> b.append(ts).append(" DEBUG headers={'Authorization': 'Bearer ").append(rnd(r, ALNUM, 40)).append("'}\n");
            case 2 -> b.append("export AWS_ACCESS_KEY_ID=AKIA").append(rnd(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
                .append("\nexport AWS_SECRET_ACCESS_KEY=").append(rnd(r, B64, 40)).append('\n');
            case 3 -> b.append(ts).append(" INFO config loaded: DATABASE_URL=postgres://app:").append(rnd(r, ALNUM, 20)).append("@db.internal:5432/app\n");
            case 4 -> b.append("{\"level\":\"debug\",\"msg\":\"settings\",\"settings\":{\"api_key\":\"").append(rnd(r, B64, 43)).append("=\",\"debug\":false}}\n");
            case 5 -> b.append(ts).append(" WARN slack notify failed token=xoxb-").append(rnd(r, "0123456789", 12)).append('-')
                .append(rnd(r, "0123456789", 13)).append('-').append(rnd(r, ALNUM, 24)).append('\n');
            case 6 -> b.append("STRIPE_SECRET_KEY=sk_live_").append(rnd(r, ALNUM, 99)).append('\n');
            case 7 -> b.append(ts).append(" ERROR login failed for user=deploy password=").append(rnd(r, ALNUM + "#!?", 18)).append(" ip=10.2.3.4\n");
            case 8 -> {
                b.append("-----BEGIN RSA PRIVATE KEY-----\n");
                for (int i = 0; i < 25; i++) {
                    b.append(rnd(r, B64, 64)).append('\n');
                }
                b.append("-----END RSA PRIVATE KEY-----\n");
            }
            default -> b.append(ts).append(" DEBUG session=eyJhbGciOiJIUzI1NiJ9.eyJ").append(rnd(r, ALNUM, 60)).append('.')
                .append(rnd(r, ALNUM, 43)).append('\n');
        }
    }

    private static String uuid(Random r) {
        return rnd(r, HEX, 8) + "-" + rnd(r, HEX, 4) + "-4" + rnd(r, HEX, 3) + "-a" + rnd(r, HEX, 3) + "-" + rnd(r, HEX, 12);
    }

    /** Only the clean line formats of {@link #mixedLog} (the baseline for pathological inputs). */
    public static String cleanLog(int bytes, long seed) {
        return mixedLog(bytes * 2, seed).lines().filter(l -> !l.contains("secret") && !l.contains("Bearer"))
            .collect(java.util.stream.Collectors.joining("\n")).substring(0, bytes);
    }

    /** {@code a=a=a=...}: every position is an assignment boundary. */
    public static String assignments(int bytes) {
        return "a=".repeat(bytes / 2);
    }

    /** One long base64 run without newlines. */
    public static String base64Run(int bytes, long seed) {
        return rnd(new Random(seed), B64, bytes);
    }

    /** Keyword hits everywhere: every few characters a token/secret/password keyword with a value. */
    public static String keywordStorm(int bytes) {
        StringBuilder b = new StringBuilder(bytes + 64);
        int i = 0;
        while (b.length() < bytes) {
            b.append(switch (i++ % 6) {
                case 0 -> "token=abc ";
                case 1 -> "password: x ";
                case 2 -> "secret_key=1 ";
                case 3 -> "Bearer y ";
                case 4 -> "sk- ghp_ AKIA ";
                default -> "https://u:p@h ";
            });
        }
        return b.substring(0, bytes);
    }
}
