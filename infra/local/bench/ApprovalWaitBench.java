import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SafeExecute workflow's approval wait through a running local runner (start-api), over its real HTTP API and
 * its Step Functions endpoint (AWS JSON 1.0), the way a person and the approval functions reach it. Per iteration:
 * StartExecution of a command that needs approval → the pending request visible in GET /approvals (the execution is
 * paused in AwaitApproval) → POST /approve by another person (the approve function calls SendTaskSuccess) → the
 * execution SUCCEEDED (Create used the approval, Run, Redact, Cleanup). Also a batch needing no approval, start → end,
 * for the cost of the added PolicyCheck step. Polling every 5 ms, so each figure is ± 5 ms.
 *
 *   java infra/local/bench/ApprovalWaitBench.java http://127.0.0.1:8080 http://127.0.0.1:<sfn port> [iterations=10]
 */
public class ApprovalWaitBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKIDLOCALBENCH/20260101/us-east-1/states/aws4_request, SignedHeaders=host, Signature=00";
    static final String MACHINE = "arn:aws:states:us-east-1:000000000000:stateMachine:SafeExecuteStateMachine";

    public static void main(String[] args) throws Exception {
        String api = args[0] + "/api/v1/safety";
        String sfn = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        List<Double> paused = new ArrayList<>();
        List<Double> approve = new ArrayList<>();
        List<Double> resumed = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        for (int i = -2; i < n; i++) { // two warm-up rounds: cold workers
            String run = "bench-" + UUID.randomUUID();
            post(api + "/budget/create", "{\"run_id\":\"" + run + "\",\"limit\":\"1.00\"}");
            long t0 = System.nanoTime();
            String arn = field(sfn(sfn, "StartExecution", "{\"stateMachineArn\":\"" + MACHINE + "\",\"input\":"
                + quote("{\"run_id\":\"" + run + "\",\"actor\":\"agent-7\",\"commands\":[\"groupdel staff 2>/dev/null; echo removed\"]}") + "}"),
                "executionArn");
            String id = null;
            while (id == null) {
                id = field(get(api + "/approvals?run_id=" + run + "&status=pending"), "approval_id");
                if (id == null) {
                    Thread.sleep(5);
                }
            }
            long t1 = System.nanoTime();
            String answer = post(api + "/approvals/" + id + "/approve", "{\"approver\":\"alice\"}");
            long t2 = System.nanoTime();
            if (!answer.contains("\"task_callback\":\"sent\"")) {
                throw new IllegalStateException("approve did not reach Step Functions: " + answer);
            }
            String status = await(sfn, arn);
            long t3 = System.nanoTime();
            if (!"SUCCEEDED".equals(status)) {
                throw new IllegalStateException("execution " + status);
            }
            long p0 = System.nanoTime();
            String plainArn = field(sfn(sfn, "StartExecution", "{\"stateMachineArn\":\"" + MACHINE + "\",\"input\":"
                + quote("{\"run_id\":\"" + run + "\",\"commands\":[\"echo plain\"]}") + "}"), "executionArn");
            String plainStatus = await(sfn, plainArn);
            long p1 = System.nanoTime();
            if (!"SUCCEEDED".equals(plainStatus)) {
                throw new IllegalStateException("plain execution " + plainStatus);
            }
            if (i >= 0) {
                paused.add((t1 - t0) / 1e6);
                approve.add((t2 - t1) / 1e6);
                resumed.add((t3 - t2) / 1e6);
                plain.add((p1 - p0) / 1e6);
            }
        }
        report("start -> approval request visible (paused)", paused);
        report("POST approve (incl. SendTaskSuccess)", approve);
        report("approve answered -> execution SUCCEEDED", resumed);
        report("batch without approval, start -> SUCCEEDED", plain);
    }

    static String await(String sfn, String arn) throws Exception {
        while (true) {
            String status = field(sfn(sfn, "DescribeExecution", "{\"executionArn\":\"" + arn + "\"}"), "status");
            if (!"RUNNING".equals(status)) {
                return status;
            }
            Thread.sleep(5);
        }
    }

    static void report(String what, List<Double> ms) {
        List<Double> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        System.out.printf("%-45s n=%d p50=%.0f ms min=%.0f max=%.0f%n", what, sorted.size(), sorted.get(sorted.size() / 2),
            sorted.get(0), sorted.get(sorted.size() - 1));
    }

    static String sfn(String base, String action, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).header("X-Amz-Target", "AWSStepFunctions." + action)
            .header("Content-Type", "application/x-amz-json-1.0").header("Authorization", AUTH)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(action + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The first string value of {@code name} in a JSON text (enough for these answers). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
