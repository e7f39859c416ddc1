package io.agentsafety.functions.redact;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.agentsafety.testing.ApiEvents;
import io.agentsafety.testing.EmfCapture;
import io.agentsafety.testing.LambdaHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code Redactions} by kind, read back from the EMF lines the real redact handler writes. */
class RedactMetricsHandlerTest {

    private static final String GITHUB = "ghp_" + "R8vJq2LmX0aZt5YcN3kWp7DsE1fGhU9iB4oQ";
    private static final String STRIPE = "sk_live_" + "51Hx9LmQ2vRt7ZpW3nYk8AsD0fGj4KcE6uIoP1bNqTrX";

    private static LambdaHttp http;

    @BeforeAll
    static void start() {
        http = new LambdaHttp("redact");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void findingsCountByKindAndACallersOwnKindIsCustom() {
        try (EmfCapture emf = EmfCapture.start()) {
            APIGatewayV2HTTPResponse response = http.send(ApiEvents.postJson("/api/v1/safety/redact",
                "{\"text\":\"GITHUB_TOKEN=" + GITHUB + " and " + GITHUB.replace('R', 'S') + "\\nstripe: " + STRIPE
                    + "\\npass hunter2hunter2 code ZZTOP1234\",\"extra_secrets\":[\"hunter2hunter2\"],"
                    + "\"custom_patterns\":[{\"kind\":\"acme_launch_code\",\"regex\":\"ZZTOP[0-9]{4}\"}]}"));
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals(5, http.body(response).get("count").getIntValue(), response.getBody());

            assertEquals(2, emf.sum("Redactions", Map.of("Kind", "github_classic_pat", "FunctionName", "redact")));
            assertEquals(1, emf.sum("Redactions", Map.of("Kind", "stripe_secret_key")));
            assertEquals(1, emf.sum("Redactions", Map.of("Kind", "extra_secret")));
            assertEquals(1, emf.sum("Redactions", Map.of("Kind", "custom")), "the request named this kind: not a dimension");
            assertEquals(5, emf.sum("Redactions", Map.of()));
            for (JsonNode line : emf.lines()) {
                String text = line.toString();
                assertFalse(text.contains("acme_launch_code") || text.contains("ZZTOP") || text.contains("hunter2")
                    || text.contains(GITHUB) || text.contains(STRIPE), text);
            }
        }
    }

    @Test
    void aRefusedTextCountsItsErrorAndNoRedactions() {
        try (EmfCapture emf = EmfCapture.start()) {
            http.assertProblem(http.send(ApiEvents.postJson("/api/v1/safety/redact", "{\"text\":42}")), 400, "text");
            assertEquals(1, emf.sum("Errors", Map.of("StatusClass", "4xx", "Status", "400")));
            assertEquals(0, emf.sum("Redactions", Map.of()));
        }
    }
}
