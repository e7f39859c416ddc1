package io.agentsafety.local.worker;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;

/** The Lambda {@link Context} of one local invocation; the logger writes to the worker's stderr (the runner's log). */
final class LocalContext implements Context {

    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.err.print(message);
            System.err.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    };

    private final InvocationInfo info;

    LocalContext(InvocationInfo info) {
        this.info = info;
    }

    @Override
    public String getAwsRequestId() {
        return info.requestId();
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + info.functionName();
    }

    @Override
    public String getLogStreamName() {
        return "local/" + ProcessHandle.current().pid();
    }

    @Override
    public String getFunctionName() {
        return info.functionName();
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + System.getenv().getOrDefault("AWS_REGION", "us-east-1") + ":123456789012:function:" + info.functionName();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, info.deadlineEpochMillis() - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return info.memoryMb();
    }

    @Override
    public LambdaLogger getLogger() {
        return LOGGER;
    }
}
