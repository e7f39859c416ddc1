package io.agentsafety.local.worker;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Handler shapes the Lambda Java runtime accepts, as test subjects for {@link HandlerInvoker}. */
public final class Handlers {

    private Handlers() {
    }

    public record Greeting(String name, List<String> tags) {
    }

    public static class GreetingHandler implements RequestHandler<Greeting, Map<String, Object>> {
        @Override
        public Map<String, Object> handleRequest(Greeting input, Context context) {
            return Map.of("hello", input.name(), "tags", input.tags().size(), "function", context.getFunctionName(),
                "requestId", context.getAwsRequestId(), "timeLeft", context.getRemainingTimeInMillis() > 0);
        }
    }

    /** Like MicronautRequestHandler: the input type is a type variable bound by a subclass. */
    public abstract static class GenericBase<I> implements RequestHandler<I, String> {
        @Override
        public String handleRequest(I input, Context context) {
            return describe(input);
        }

        protected abstract String describe(I input);
    }

    public static class BoundGreeting extends GenericBase<Greeting> {
        @Override
        protected String describe(Greeting input) {
            return input.getClass().getSimpleName() + ":" + input.name();
        }
    }

    public static class Upper implements RequestStreamHandler {
        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            output.write(new String(input.readAllBytes(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static class Plain {
        public static int length(String text) {
            return text.length();
        }

        public void nothing() {
        }

        public String fail(Greeting input) {
            throw new IllegalStateException("refused " + input.name());
        }
    }

    public static class NotAHandler {
    }
}
