package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentsafety.local.states.Execution;
import io.agentsafety.local.states.LocalStateMachines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A template's state machine run by the runner against real worker JVMs: a Map of Lambda steps, a function error
 * caught into cleanup, a {@code .waitForTaskToken} task completed by a function through the runner's Step
 * Functions endpoint, and that endpoint's API over HTTP.
 */
class StateMachineRunnerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static LocalRunner runner;

    @BeforeAll
    static void start() throws Exception {
        Path template = Path.of(StateMachineRunnerTest.class.getResource("/states-template.yaml").toURI());
        runner = LocalRunner.start(new LocalRunner.Settings(template, null,
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), new WorkerOptions(64, 2, Duration.ofSeconds(30))));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static Execution.Result run(String input, List<String> history) throws Exception {
        LocalStateMachines.Started started = runner.stateMachines().start("Workflow", null, JSON.readTree(input));
        Execution.Result result = runner.stateMachines().await(started, Duration.ofSeconds(120));
        history.addAll(started.execution().history());
        return result;
    }

    @Test
    void mapOfLambdaStepsThenCleanup() throws Exception {
        List<String> history = new java.util.ArrayList<>();
        Execution.Result result = run("{\"ops\":[\"a\",\"b\"]}", history);
        assertTrue(result.succeeded(), String.valueOf(result));
        assertEquals("a", result.output().get("results").get(0).get("step").asText());
        assertEquals("b", result.output().get("results").get(1).get("seen").get("op").asText());
        assertEquals(List.of("NeedsApproval", "Steps", "Step", "Step", "Cleanup"), history);
    }

    @Test
    void aFunctionErrorIsCaughtByItsTypeAndCleanupRuns() throws Exception {
        List<String> history = new java.util.ArrayList<>();
        Execution.Result result = run("{\"ops\":[\"a\",\"fail\",\"never\"]}", history);
        assertEquals("StepFailed", result.error());
        assertEquals(List.of("NeedsApproval", "Steps", "Step", "Step", "CleanupAfterFailure", "Failed"), history);
    }

    @Test
    void aTaskTokenIsCompletedThroughTheStepFunctionsEndpoint() throws Exception {
        List<String> history = new java.util.ArrayList<>();
        Execution.Result result = run("{\"approve\":true,\"ops\":[\"a\"]}", history);
        assertTrue(result.succeeded(), String.valueOf(result));
        assertTrue(result.output().get("approval").get("approved").asBoolean());
        assertEquals("WaitForApproval", history.get(1));
    }

    @Test
    void theStepFunctionsApiStartsAndDescribesExecutions() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode started = sfn(http, "StartExecution", "{\"stateMachineArn\":\"" + runner.stateMachines().arn("Workflow")
            + "\",\"name\":\"api-1\",\"input\":\"{\\\"ops\\\":[\\\"x\\\"]}\"}", 200);
        String arn = started.get("executionArn").asText();
        assertTrue(arn.endsWith(":execution:Workflow:api-1"), arn);
        JsonNode described = null;
        for (int i = 0; i < 600; i++) {
            described = sfn(http, "DescribeExecution", "{\"executionArn\":\"" + arn + "\"}", 200);
            if (!"RUNNING".equals(described.get("status").asText())) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("SUCCEEDED", described.get("status").asText());
        assertEquals("x", JSON.readTree(described.get("output").asText()).get("results").get(0).get("step").asText());
        assertEquals("ExecutionAlreadyExists", sfn(http, "StartExecution", "{\"stateMachineArn\":\"Workflow\",\"name\":\"api-1\"}", 400)
            .get("__type").asText());
        assertEquals("TaskDoesNotExist", sfn(http, "SendTaskSuccess", "{\"taskToken\":\"nope\",\"output\":\"{}\"}", 400)
            .get("__type").asText());
        assertEquals("TaskTimedOut", sfn(http, "SendTaskHeartbeat", "{\"taskToken\":\"nope\"}", 400).get("__type").asText());
        assertEquals("StateMachineDoesNotExist", sfn(http, "StartExecution", "{\"stateMachineArn\":\"Nope\"}", 400)
            .get("__type").asText());
    }

    @Test
    void theCliRunsAnExecutionAndReportsIt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path template = Path.of(StateMachineRunnerTest.class.getResource("/states-template.yaml").toURI());
        int code = Main.run(new String[]{"start-execution", "Workflow", "--template", template.toString(), "--port", "0",
                "--input", "{\"ops\":[\"fail\"]}"}, new PrintStream(out, true, StandardCharsets.UTF_8),
            Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
        JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertEquals("FAILED", report.get("status").asText());
        assertEquals("StepFailed", report.get("error").asText());
        assertEquals("CleanupAfterFailure", report.get("history").get(3).asText());
    }

    private static JsonNode sfn(HttpClient http, String action, String body, int status) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(runner.stepFunctionsUrl()))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "AWSStepFunctions." + action)
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }
}
