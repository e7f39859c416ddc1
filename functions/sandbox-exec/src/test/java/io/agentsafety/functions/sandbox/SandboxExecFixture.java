package io.agentsafety.functions.sandbox;

import io.agentsafety.budget.ApiResult;
import io.agentsafety.budget.BudgetApi;
import io.agentsafety.core.Ids;
import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The sandbox-exec function's real Lambda handler on embedded Redis, a private sandbox root, and the budget API. */
final class SandboxExecFixture implements AutoCloseable {

    final Path root;
    final LambdaHttp http;
    final RecordingBackend backend;
    final BudgetApi budgets;

    private SandboxExecFixture(Path root, LambdaHttp http) {
        this.root = root;
        this.http = http;
        this.backend = http.bean(RecordingBackend.class);
        this.budgets = http.bean(BudgetApi.class);
    }

    static SandboxExecFixture start(Map<String, String> properties) throws Exception {
        Path root = Files.createTempDirectory("sandbox-exec-test");
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        System.setProperty("safety.sandbox.local.root", root.toString());
        properties.forEach(System::setProperty);
        try {
            return new SandboxExecFixture(root, new LambdaHttp("sandbox-exec"));
        } finally {
            System.clearProperty("redis.uri");
            System.clearProperty("safety.sandbox.local.root");
            properties.keySet().forEach(System::clearProperty);
        }
    }

    String budget(String limit) {
        String runId = Ids.newId("run");
        budgets.create(("{\"run_id\":\"" + runId + "\",\"limit\":\"" + limit + "\"}").getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status(String runId) {
        ApiResult result = budgets.status(runId);
        return (Map<String, Object>) result.body();
    }

    BigDecimal money(String runId, String field) {
        return (BigDecimal) status(runId).get(field);
    }

    @Override
    public void close() {
        http.close();
    }
}
