package io.agentsafety.core.observability;

/** MDC keys every invocation carries (set by {@link InvocationMdc}); the JSON log layout lifts them to top-level fields. */
public final class LogFields {

    /** The Lambda request id ({@code Context.getAwsRequestId()}). */
    public static final String REQUEST_ID = "request_id";
    /** The Lambda function name ({@code Context.getFunctionName()}). */
    public static final String FUNCTION = "function";
    /** {@code "true"} for the first invocation this handler serves, {@code "false"} after. */
    public static final String COLD_START = "cold_start";

    private LogFields() {
    }
}
