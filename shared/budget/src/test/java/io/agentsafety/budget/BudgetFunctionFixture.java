package io.agentsafety.budget;

import io.agentsafety.testing.EmbeddedRedis;
import io.agentsafety.testing.LambdaHttp;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One budget function's real Lambda handler on the shared embedded Redis, plus the shared {@link BudgetApi}
 * to prepare state through the other routes (a budget to spend from, a reservation to commit). Used by the
 * nine budget functions' handler tests (published in this module's test-jar).
 */
public final class BudgetFunctionFixture implements AutoCloseable {

    private final LambdaHttp http;
    private final BudgetApi api;

    private BudgetFunctionFixture(LambdaHttp http) {
        this.http = http;
        this.api = http.bean(BudgetApi.class);
    }

    public static BudgetFunctionFixture start(String functionName) {
        System.setProperty("redis.uri", EmbeddedRedis.shared().uri());
        return new BudgetFunctionFixture(new LambdaHttp(functionName));
    }

    public LambdaHttp http() {
        return http;
    }

    public BudgetApi api() {
        return api;
    }

    /** A fresh budget with this limit, made through the create route's API; returns its run id. */
    public String budget(String limit) {
        String runId = io.agentsafety.core.Ids.newId("run");
        api.create(("{\"run_id\":\"" + runId + "\",\"limit\":\"" + limit + "\"}").getBytes(StandardCharsets.UTF_8));
        return runId;
    }

    /** Calls another route of the shared API with a JSON body. */
    public ApiResult call(Function<byte[], ApiResult> route, String body) {
        return route.apply(body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        http.close();
        System.clearProperty("redis.uri");
    }
}
