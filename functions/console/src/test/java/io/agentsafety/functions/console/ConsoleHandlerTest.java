package io.agentsafety.functions.console;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.LambdaHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /console and its files through the real API Gateway v2 handler, with real events. */
class ConsoleHandlerTest {

    static LambdaHttp http;

    @BeforeAll
    static void start() {
        http = new LambdaHttp("console");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    static String text(APIGatewayV2HTTPResponse response) {
        return response.getIsBase64Encoded()
            ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8) : response.getBody();
    }

    static void assertHardened(APIGatewayV2HTTPResponse response) {
        String csp = http.header(response, "content-security-policy");
        assertNotNull(csp, "CSP on every file");
        assertTrue(csp.startsWith("default-src 'self';"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval") || csp.contains("*"), csp);
        assertEquals("nosniff", http.header(response, "x-content-type-options"));
        assertEquals("no-cache", http.header(response, "cache-control"));
        assertEquals("DENY", http.header(response, "x-frame-options"));
    }

    @Test
    void servesThePageWithItsSecurityHeaders() {
        APIGatewayV2HTTPResponse response = http.send(ApiEvents.request("GET", "/console").header("accept", "text/html,*/*;q=0.8").build());
        assertEquals(200, response.getStatusCode());
        assertEquals("text/html; charset=utf-8", http.header(response, "content-type"));
        assertHardened(response);
        String html = text(response);
        assertTrue(html.contains("<script type=\"module\" src=\"console/app.js\"></script>"), html);
        assertTrue(html.contains("href=\"console/console.css\""), html);
        // nothing the CSP would block: no inline script, style or handler
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline <script>");
        assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no inline style or handler");
        assertFalse(html.contains("http://") || html.contains("https://"), "no other origin (no CDN)");
    }

    @Test
    void servesEveryBundledFileWithItsContentType() {
        Map<String, String> types = Map.of("console.css", "text/css; charset=utf-8", "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8", "approvals.js", "text/javascript; charset=utf-8",
            "budgets.js", "text/javascript; charset=utf-8", "audit.js", "text/javascript; charset=utf-8",
            "policy.js", "text/javascript; charset=utf-8", "dom.js", "text/javascript; charset=utf-8", "icon.svg", "image/svg+xml");
        ConsoleAssets assets = http.bean(ConsoleAssets.class);
        assertEquals(types.size() + 1, assets.names().size(), "every file listed is tested here: " + assets.names());
        types.forEach((name, type) -> {
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.get("/console/" + name));
            assertEquals(200, response.getStatusCode(), name);
            assertEquals(type, http.header(response, "content-type"), name);
            assertHardened(response);
            assertEquals(assets.find(name).orElseThrow().body(), text(response), name);
        });
    }

    /** Data reaches the page as text only: no script builds markup from strings or evaluates code. */
    @Test
    void scriptsNeverTurnDataIntoMarkupOrCode() {
        Pattern unsafe = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|"
            + "setAttribute\\(['\"]style|(?:from|import\\(|fetch\\()\\s*['\"](?:https?:)?//");
        ConsoleAssets assets = http.bean(ConsoleAssets.class);
        for (String name : assets.names()) {
            if (name.endsWith(".js")) {
                String code = text(http.send(ApiEvents.get("/console/" + name)));
                assertFalse(unsafe.matcher(code).find(), name + ": " + unsafe.matcher(code).results().map(m -> m.group()).toList());
            }
        }
    }

    @Test
    void revalidatesByEtag() {
        APIGatewayV2HTTPResponse first = http.send(ApiEvents.get("/console/app.js"));
        String etag = http.header(first, "etag");
        assertTrue(etag != null && etag.matches("\"[A-Za-z0-9_-]{22}\""), etag);
        APIGatewayV2HTTPResponse again = http.send(ApiEvents.request("GET", "/console/app.js").header("if-none-match", etag).build());
        assertEquals(304, again.getStatusCode());
        assertTrue(again.getBody() == null || again.getBody().isEmpty());
        assertHardened(again);
        assertEquals(200, http.send(ApiEvents.request("GET", "/console/app.js").header("if-none-match", "\"other\"").build()).getStatusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/nope.js", "/console/index.html", "/console/application.yml", "/console/logback.xml",
        "/console/ConsoleController.class", "/console/..%2Fapplication.yml", "/console/..%2F..%2F..%2Fetc%2Fpasswd", "/console/%2e%2e",
        "/console/.%2Fapp.js", "/console/APP.JS", "/console/app.js%00.png", "/console/%2Fetc%2Fpasswd", "/console/app.js%2F",
        "/console/console%2Fapp.js", "/console/ghp_R8vJq2LmX0aZt5YcN3kWp7DsE1fGhU9iB4oQ"})
    void unknownFilesAndTraversalAreA404ProblemThatEchoesNothing(String path) {
        APIGatewayV2HTTPResponse response = http.send(ApiEvents.get(path));
        http.assertProblem(response, 404, null);
        String body = response.getBody();
        assertFalse(body.contains("passwd") || body.contains("application.yml") || body.contains("ghp_") || body.contains("micronaut"), body);
    }

    @Test
    void onlyGetIsRouted() {
        APIGatewayV2HTTPResponse response = http.send(ApiEvents.postJson("/console", "{}"));
        http.assertProblem(response, 405, null);
        assertEquals(405, http.send(ApiEvents.request("DELETE", "/console/app.js").build()).getStatusCode());
    }
}
