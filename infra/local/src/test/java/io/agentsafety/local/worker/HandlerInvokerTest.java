package io.agentsafety.local.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerInvokerTest {

    static final String H = "io.agentsafety.local.worker.Handlers$";
    final InvocationInfo info = new InvocationInfo("req-1", System.currentTimeMillis() + 5_000, "Fn", 256);

    @Test
    void requestHandlerGetsItsDeserializedInputAndAContext() throws Throwable {
        JsonNode result = call(H + "GreetingHandler", "{\"name\":\"ada\",\"tags\":[\"a\",\"b\"]}");
        assertEquals("ada", result.get("hello").asText());
        assertEquals(2, result.get("tags").asInt());
        assertEquals("Fn", result.get("function").asText());
        assertEquals("req-1", result.get("requestId").asText());
        assertTrue(result.get("timeLeft").asBoolean());
    }

    @Test
    void aTypeVariableInputIsResolvedAgainstTheHandlerClass() throws Throwable {
        assertEquals("Greeting:bo", call(H + "BoundGreeting::handleRequest", "{\"name\":\"bo\",\"tags\":[]}").asText());
        assertEquals("Greeting:cy", call(H + "BoundGreeting", "{\"name\":\"cy\",\"tags\":[]}").asText());
    }

    @Test
    void streamStaticAndVoidHandlers() throws Throwable {
        HandlerInvoker upper = HandlerInvoker.load(H + "Upper", getClass().getClassLoader());
        assertEquals("{\"A\":1}", new String(upper.invoke("{\"a\":1}".getBytes(StandardCharsets.UTF_8), info), StandardCharsets.UTF_8));
        assertEquals(5, call(H + "Plain::length", "\"hello\"").asInt());
        assertTrue(call(H + "Plain::nothing", "{}").isNull());
    }

    @Test
    void handlerExceptionsPropagateUnwrapped() throws Exception {
        HandlerInvoker failing = HandlerInvoker.load(H + "Plain::fail", getClass().getClassLoader());
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> failing.invoke("{\"name\":\"x\",\"tags\":[]}".getBytes(StandardCharsets.UTF_8), info));
        assertEquals("refused x", e.getMessage());
        JsonNode error = new ObjectMapper().readTree(ErrorJson.of(e));
        assertEquals("java.lang.IllegalStateException", error.get("errorType").asText());
        assertEquals("refused x", error.get("errorMessage").asText());
        assertTrue(error.get("stackTrace").size() > 0);
    }

    @Test
    void unusableHandlersFailAtInit() {
        ClassLoader loader = getClass().getClassLoader();
        assertThrows(ClassNotFoundException.class, () -> HandlerInvoker.load("no.such.Handler", loader));
        assertThrows(IllegalArgumentException.class, () -> HandlerInvoker.load(H + "NotAHandler", loader));
        assertThrows(IllegalArgumentException.class, () -> HandlerInvoker.load(H + "Plain::missing", loader));
    }

    @Test
    void framesRoundTripAndDetectCorruption() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Frames.writeRequest(new DataOutputStream(buffer), new Frames.Request("r", 42L, new byte[]{1, 2, 3}));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.toByteArray()));
        Frames.Request request = Frames.readRequest(in);
        assertEquals("r", request.requestId());
        assertEquals(42L, request.deadlineEpochMillis());
        assertEquals(3, request.payload().length);
        assertNull(Frames.readRequest(in), "end of stream: the runner went away");

        ByteArrayOutputStream responses = new ByteArrayOutputStream();
        Frames.writeResponse(new DataOutputStream(responses), Frames.RESULT, new byte[]{7}, 1_234_567L);
        Frames.Response response = Frames.readResponse(new DataInputStream(new ByteArrayInputStream(responses.toByteArray())));
        assertEquals(Frames.RESULT, response.type());
        assertEquals(1_234_567L, response.handlerNanos(), "the handler's own time travels with its answer");
        assertEquals(1, response.payload().length);

        DataInputStream garbage = new DataInputStream(new ByteArrayInputStream("hello world, not a frame".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Frames.readResponse(garbage));
    }

    private JsonNode call(String handler, String event) throws Throwable {
        HandlerInvoker invoker = HandlerInvoker.load(handler, getClass().getClassLoader());
        return new ObjectMapper().readTree(invoker.invoke(event.getBytes(StandardCharsets.UTF_8), info));
    }
}
