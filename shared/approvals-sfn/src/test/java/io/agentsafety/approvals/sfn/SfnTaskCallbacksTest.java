package io.agentsafety.approvals.sfn;

import io.agentsafety.approvals.ApprovalSettings;
import io.agentsafety.approvals.SfnFake;
import io.agentsafety.approvals.TaskCallbacks;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The callbacks against a local Step Functions endpoint: SigV4-signed AWS JSON 1.0 calls, and which failures are worth a retry. */
class SfnTaskCallbacksTest {

    @Test
    void signedCallsAndFailureClassification() throws Exception {
        System.setProperty("aws.accessKeyId", SfnFake.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SfnFake.SECRET_KEY);
        try (SfnFake sfn = SfnFake.start();
             ApplicationContext context = ApplicationContext.builder().properties(Map.of(
                 "safety.approvals.sfn.endpoint", sfn.endpoint(), "safety.approvals.sfn.region", "eu-central-1")).start()) {
            SfnTaskCallbacks callbacks = new SfnTaskCallbacks(context.getBean(ApprovalSettings.class));
            callbacks.success("tok-1", "{\"approval_id\":\"apr_x\"}");
            callbacks.failure("tok-2", "ApprovalDenied", "{\"status\":\"denied\"}");
            var calls = sfn.calls();
            assertEquals(2, calls.size());
            calls.get(0).assertSigV4("SendTaskSuccess");
            assertTrue(calls.get(0).authorization().contains("/eu-central-1/states/aws4_request"), calls.get(0).authorization());
            assertTrue(calls.get(0).body().contains("\"taskToken\":\"tok-1\""));
            calls.get(1).assertSigV4("SendTaskFailure");
            assertTrue(calls.get(1).body().contains("\"error\":\"ApprovalDenied\""));

            sfn.failNext(400, "TaskTimedOut");
            TaskCallbacks.CallbackException timedOut = assertThrows(TaskCallbacks.CallbackException.class,
                () -> callbacks.success("tok-3", "{}"));
            assertTrue(timedOut.permanent(), "a timed-out task can never be answered");
            assertFalse(timedOut.getMessage().contains("tok-3"));

            for (int i = 0; i < 4; i++) {
                sfn.failNext(500, "ServiceUnavailable");
            }
            TaskCallbacks.CallbackException outage = assertThrows(TaskCallbacks.CallbackException.class,
                () -> callbacks.success("tok-4", "{}"));
            assertFalse(outage.permanent(), "a server error is retried later");
            callbacks.close();
        }
    }
}
