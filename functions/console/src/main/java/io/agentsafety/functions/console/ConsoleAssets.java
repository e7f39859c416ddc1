package io.agentsafety.functions.console;

import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's files, read once from the jar's {@code console/} resources. Only the names listed here are ever
 * served: a request is a lookup in this map, never a path built from its input, so no traversal can reach another
 * resource of the jar or the file system. A listed file missing from the jar fails the function at start.
 */
@Singleton
public class ConsoleAssets {

    /** The page served at {@code GET /console}. */
    static final String PAGE = "index.html";

    private static final String JS = "text/javascript; charset=utf-8";
    private static final Map<String, String> FILES = orderedMap(
        PAGE, "text/html; charset=utf-8",
        "console.css", "text/css; charset=utf-8",
        "icon.svg", "image/svg+xml",
        "app.js", JS,
        "api.js", JS,
        "dom.js", JS,
        "approvals.js", JS,
        "budgets.js", JS,
        "audit.js", JS,
        "policy.js", JS);

    /** One bundled file: its text, content type and a strong validator derived from its bytes. */
    public record Asset(String name, String body, String contentType, String etag) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    public ConsoleAssets() {
        FILES.forEach((name, type) -> assets.put(name, load(name, type)));
    }

    public Asset page() {
        return assets.get(PAGE);
    }

    /** The listed file of that exact name; anything else (other names, paths, dot segments, encodings) is empty. */
    public Optional<Asset> find(String name) {
        return name == null || name.equals(PAGE) ? Optional.empty() : Optional.ofNullable(assets.get(name));
    }

    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(assets.keySet());
    }

    private static Asset load(String name, String type) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is not in the function's jar");
            }
            byte[] bytes = in.readAllBytes();
            String etag = "\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 22) + "\"";
            return new Asset(name, new String(bytes, StandardCharsets.UTF_8), type, etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
