package io.agentsafety.approvals;

/**
 * Answers a Step Functions task token ({@code .waitForTaskToken}). Implemented in {@code shared/approvals-sfn}
 * with the AWS SDK, which only the functions that call Step Functions carry; without an implementation the
 * callbacks an approval owes wait in the callback index for the notifier function.
 */
public interface TaskCallbacks {

    /** {@code SendTaskSuccess} with this JSON output. */
    void success(String taskToken, String outputJson);

    /** {@code SendTaskFailure} with this error name and cause. */
    void failure(String taskToken, String error, String cause);

    /** Thrown when a callback could not be delivered; the message names no token, host or credential. */
    class CallbackException extends RuntimeException {

        private final boolean permanent;

        public CallbackException(String message, boolean permanent) {
            super(message, null, false, false);
            this.permanent = permanent;
        }

        /** True when retrying cannot help (the token is invalid, or its task timed out or was already answered). */
        public boolean permanent() {
            return permanent;
        }
    }
}
