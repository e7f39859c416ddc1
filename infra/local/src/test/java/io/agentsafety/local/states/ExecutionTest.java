package io.agentsafety.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local States Language interpreter against definitions written the way AWS documents them. */
class ExecutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final TaskTokens tokens = new TaskTokens();

    private static JsonNode json(String text) {
        try {
            // definitions are written with ' for " to stay readable; \\' keeps a real quote (intrinsic strings)
            return JSON.readTree(text.replace("\\'", "\u0001").replace('\'', '"').replace('\u0001', '\''));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Execution execution(String definition, String input, TaskInvoker tasks) {
        return new Execution("arn:aws:states:us-east-1:123456789012:execution:M:e1", "e1", json(definition), json(input),
            tasks, tokens, sleeps::add);
    }

    @Test
    void inputAndOutputProcessingFollowsTheDocumentedOrder() {
        String definition = """
            {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:us-east-1:1:function:Echo',
              'InputPath':'$.job','Parameters':{'cmd.$':'$.command','fixed':1,'ctx.$':'$$.Execution.Name',
                'label.$':'States.Format(\\'run {} of {}\\', $.n, $.command)'},
              'ResultSelector':{'code.$':'$.exit'},'ResultPath':'$.job.result','OutputPath':'$.job','End':true}}}""";
        List<JsonNode> seen = new CopyOnWriteArrayList<>();
        Execution.Result result = execution(definition, "{'job':{'command':'ls','n':2},'other':true}", (resource, params) -> {
            seen.add(params);
            return json("{'exit':0,'noise':'x'}");
        }).run();
        assertTrue(result.succeeded(), String.valueOf(result));
        assertEquals(json("{'cmd':'ls','fixed':1,'ctx':'e1','label':'run 2 of ls'}"), seen.get(0));
        assertEquals(json("{'command':'ls','n':2,'result':{'code':0}}"), result.output());
    }

    @Test
    void resultPathNullKeepsTheInputAndPassInjectsResults() {
        String definition = """
            {'StartAt':'P','States':{'P':{'Type':'Pass','Result':{'a':1},'ResultPath':'$.x','Next':'Q'},
             'Q':{'Type':'Pass','Result':'ignored','ResultPath':null,'Next':'S'},'S':{'Type':'Succeed'}}}""";
        Execution.Result result = execution(definition, "{'in':1}", (r, p) -> null).run();
        assertEquals(json("{'in':1,'x':{'a':1}}"), result.output());
    }

    @Test
    void choiceRoutesByComparisonsAndFailsWithoutDefault() {
        String definition = """
            {'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[
               {'And':[{'Variable':'$.verdict','IsPresent':true},{'Variable':'$.verdict','StringEquals':'deny'}],'Next':'Denied'},
               {'Variable':'$.cost','NumericGreaterThanPath':'$.limit','Next':'Over'},
               {'Not':{'Variable':'$.ok','BooleanEquals':true},'Next':'NotOk'}],
              'Default':'Fine'},
             'Denied':{'Type':'Fail','Error':'PolicyDenied','Cause':'no'},
             'Over':{'Type':'Pass','Result':'over','End':true},
             'NotOk':{'Type':'Pass','Result':'notok','End':true},
             'Fine':{'Type':'Pass','Result':'fine','End':true}}}""";
        Execution.Result denied = execution(definition, "{'verdict':'deny'}", (r, p) -> null).run();
        assertEquals("PolicyDenied", denied.error());
        assertEquals("over", execution(definition, "{'cost':5.5,'limit':5,'ok':true}", (r, p) -> null).run().output().asText());
        assertEquals("notok", execution(definition, "{'cost':1,'limit':5,'ok':false}", (r, p) -> null).run().output().asText());
        assertEquals("fine", execution(definition, "{'cost':1,'limit':5,'ok':true}", (r, p) -> null).run().output().asText());
        Execution.Result none = execution("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.a','StringEquals':'x','Next':'C'}]}}}",
            "{'a':'y'}", (r, p) -> null).run();
        assertEquals("States.NoChoiceMatched", none.error());
    }

    @Test
    void retryBacksOffThenCatchRoutesToCleanupWithTheError() {
        String definition = """
            {'StartAt':'Run','States':{
              'Run':{'Type':'Task','Resource':'arn:aws:lambda:x:1:function:Run','Retry':[
                  {'ErrorEquals':['Lambda.TooManyRequestsException'],'IntervalSeconds':1,'BackoffRate':2,'MaxAttempts':3}],
                'Catch':[{'ErrorEquals':['States.ALL'],'ResultPath':'$.error','Next':'Cleanup'}],'End':true},
              'Cleanup':{'Type':'Task','Resource':'arn:aws:lambda:x:1:function:Cleanup','ResultPath':null,'Next':'Failed'},
              'Failed':{'Type':'Fail','Error':'ExecutionFailed','Cause':'see the cleanup'}}}""";
        AtomicInteger runs = new AtomicInteger();
        List<JsonNode> cleanupInputs = new CopyOnWriteArrayList<>();
        Execution execution = execution(definition, "{'sandbox_id':'sb1'}", (resource, params) -> {
            if (resource.endsWith("Cleanup")) {
                cleanupInputs.add(params);
                return json("{}");
            }
            runs.incrementAndGet();
            throw new StatesError("Lambda.TooManyRequestsException", "slow down");
        });
        Execution.Result result = execution.run();
        assertEquals("ExecutionFailed", result.error());
        assertEquals(4, runs.get(), "1 try + 3 retries");
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), sleeps);
        assertEquals("sb1", cleanupInputs.get(0).get("sandbox_id").asText());
        assertEquals("Lambda.TooManyRequestsException", cleanupInputs.get(0).get("error").get("Error").asText());
        assertEquals(List.of("Run", "Cleanup", "Failed"), execution.history());
    }

    @Test
    void statesAllDoesNotCatchRuntimeErrors() {
        String definition = """
            {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:lambda:x:1:function:F',
              'InputPath':'$.missing','Catch':[{'ErrorEquals':['States.ALL'],'Next':'S'}],'End':true},'S':{'Type':'Succeed'}}}""";
        assertEquals("States.Runtime", execution(definition, "{}", (r, p) -> json("{}")).run().error());
    }

    @Test
    void mapRunsEveryItemWithItsIndexAndKeepsOrder() {
        String definition = """
            {'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.commands','MaxConcurrency':2,
              'ItemSelector':{'command.$':'$$.Map.Item.Value','index.$':'$$.Map.Item.Index','sandbox.$':'$.sandbox_id'},
              'ItemProcessor':{'StartAt':'Run','States':{'Run':{'Type':'Task','Resource':'arn:aws:lambda:x:1:function:Run','End':true}}},
              'ResultPath':'$.results','End':true}}}""";
        Execution.Result result = execution(definition, "{'sandbox_id':'sb','commands':['a','b','c']}", (resource, params) ->
            json("{'out':'" + params.get("command").asText() + params.get("index").asInt() + params.get("sandbox").asText() + "'}")).run();
        assertTrue(result.succeeded(), String.valueOf(result));
        assertEquals(json("[{'out':'a0sb'},{'out':'b1sb'},{'out':'c2sb'}]"), result.output().get("results"));
    }

    @Test
    void waitForTaskTokenResumesOnSuccessAndFailsOnFailure() throws Exception {
        String definition = """
            {'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',
              'Parameters':{'FunctionName':'arn:aws:lambda:x:1:function:Approve','Payload':{'token.$':'$$.Task.Token','action.$':'$.action'}},
              'TimeoutSeconds':30,'ResultPath':'$.approval','End':true}}}""";
        List<String> issued = new CopyOnWriteArrayList<>();
        TaskInvoker tasks = (resource, params) -> {
            issued.add(params.get("Payload").get("token").asText());
            return json("{}");
        };
        CompletableFuture<Execution.Result> granted = CompletableFuture.supplyAsync(() -> execution(definition, "{'action':'deploy'}", tasks).run());
        String token = awaitToken(issued, 0);
        assertTrue(tokens.succeed(token, json("{'approved':true}")));
        assertEquals(json("{'action':'deploy','approval':{'approved':true}}"), granted.get().output());
        assertFalse(tokens.succeed(token, json("{}")), "a token completes once");

        CompletableFuture<Execution.Result> refused = CompletableFuture.supplyAsync(() -> execution(definition, "{'action':'deploy'}", tasks).run());
        assertTrue(tokens.fail(awaitToken(issued, 1), "ApprovalDenied", "no"));
        assertEquals("ApprovalDenied", refused.get().error());
    }

    @Test
    void taskTimeoutIsStatesTimeout() {
        String definition = """
            {'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',
              'Parameters':{'FunctionName':'F','Payload':{}},'TimeoutSeconds':1,'End':true}}}""";
        assertEquals("States.Timeout", execution(definition, "{}", (r, p) -> json("{}")).run().error());
    }

    @Test
    void heartbeatsKeepATaskAliveAndTheirAbsenceIsAHeartbeatTimeoutCaughtAsStatesTimeout() throws Exception {
        String definition = """
            {'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',
              'Parameters':{'FunctionName':'F','Payload':{'token.$':'$$.Task.Token'}},'TimeoutSeconds':30,'HeartbeatSeconds':1,
              'Catch':[{'ErrorEquals':['States.Timeout'],'ResultPath':'$.error','Next':'Late'}],'End':true},
              'Late':{'Type':'Pass','End':true}}}""";
        List<String> issued = new CopyOnWriteArrayList<>();
        TaskInvoker tasks = (resource, params) -> {
            issued.add(params.get("Payload").get("token").asText());
            return json("{}");
        };
        // beating every 400 ms for 2.4 s (past two heartbeat periods), then answered: it succeeds
        CompletableFuture<Execution.Result> beating = CompletableFuture.supplyAsync(() -> execution(definition, "{}", tasks).run());
        String token = awaitToken(issued, 0);
        for (int i = 0; i < 6; i++) {
            Thread.sleep(400);
            assertTrue(tokens.heartbeat(token));
        }
        assertTrue(tokens.succeed(token, json("{'ok':true}")));
        assertEquals(json("{'ok':true}"), beating.get().output());

        // silent: after HeartbeatSeconds the task fails with States.HeartbeatTimeout, which States.Timeout catches
        Execution.Result silent = execution(definition, "{}", tasks).run();
        assertTrue(silent.succeeded(), String.valueOf(silent));
        assertEquals("States.HeartbeatTimeout", silent.output().get("error").get("Error").asText());
        String late = issued.get(1);
        assertFalse(tokens.heartbeat(late), "a timed-out task's token is unknown");
        assertFalse(tokens.succeed(late, json("{}")));
    }

    @Test
    void aFailedMapIterationAbandonsTheOnesWaitingOnTokens() throws Exception {
        String definition = """
            {'StartAt':'M','States':{'M':{'Type':'Map','ItemsPath':'$.items','MaxConcurrency':0,
              'ItemProcessor':{'StartAt':'Ask','States':{'Ask':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',
                'Parameters':{'FunctionName':'F','Payload':{'token.$':'$$.Task.Token','item.$':'$$.Map.Item.Value'}},
                'TimeoutSeconds':600,'End':true}}},'End':true}}}""";
        List<String> issued = new CopyOnWriteArrayList<>();
        TaskInvoker tasks = (resource, params) -> {
            issued.add(params.get("Payload").get("token").asText());
            return json("{}");
        };
        CompletableFuture<Execution.Result> running = CompletableFuture.supplyAsync(() -> execution(definition, "{'items':[1,2,3]}", tasks).run());
        awaitToken(issued, 2);
        List<String> three = List.copyOf(issued);
        assertTrue(tokens.succeed(three.get(0), json("'ok'")));
        assertTrue(tokens.fail(three.get(1), "ApprovalDenied", "no"));
        Execution.Result result = running.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("ApprovalDenied", result.error(), "the Map fails at once, without waiting for the third");
        for (int i = 0; i < 100 && tokens.isWaiting(three.get(2)); i++) {
            Thread.sleep(20);
        }
        assertFalse(tokens.isWaiting(three.get(2)), "the abandoned iteration's token is answered by nobody");
    }

    @Test
    void waitReadsSecondsFromThePath() {
        String definition = "{'StartAt':'W','States':{'W':{'Type':'Wait','SecondsPath':'$.s','End':true}}}";
        assertTrue(execution(definition, "{'s':7}", (r, p) -> null).run().succeeded());
        assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
    }

    @Test
    void intrinsicFunctions() throws Exception {
        JsonNode input = JSON.readTree("{\"a\":[1,2,3],\"s\":\"{\\\"k\\\":1}\",\"o\":{\"x\":1}}");
        assertEquals(3, IntrinsicFunctions.evaluate("States.ArrayLength($.a)", input, json("{}")).asInt());
        assertEquals(2, IntrinsicFunctions.evaluate("States.ArrayGetItem($.a, 1)", input, json("{}")).asInt());
        assertEquals(json("{'k':1}"), IntrinsicFunctions.evaluate("States.StringToJson($.s)", input, json("{}")));
        assertEquals("{\"x\":1}", IntrinsicFunctions.evaluate("States.JsonToString($.o)", input, json("{}")).asText());
        assertEquals("it's {}", IntrinsicFunctions.evaluate("States.Format('it\\'s \\{\\}')", input, json("{}")).asText());
        assertEquals(json("{'x':1,'y':2}"), IntrinsicFunctions.evaluate("States.JsonMerge($.o, States.StringToJson('{\"y\":2}'), false)", input, json("{}")));
        assertEquals(5, IntrinsicFunctions.evaluate("States.MathAdd(2, 3)", input, json("{}")).asInt());
    }

    @Test
    void functionReferencesResolveToLogicalIds() {
        assertEquals("RunFunction", LambdaTasks.logicalId("arn:aws:lambda:eu-west-1:123:function:RunFunction:live"));
        assertEquals("RunFunction", LambdaTasks.logicalId("RunFunction.Arn"));
        assertEquals("RunFunction", LambdaTasks.logicalId("RunFunction"));
    }

    private String awaitToken(List<String> issued, int index) throws InterruptedException {
        for (int i = 0; i < 500 && issued.size() <= index; i++) {
            Thread.sleep(10);
        }
        String token = issued.get(index);
        for (int i = 0; i < 500 && !tokens.isWaiting(token); i++) {
            Thread.sleep(10);
        }
        return token;
    }
}
