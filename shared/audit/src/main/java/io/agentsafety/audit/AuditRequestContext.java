package io.agentsafety.audit;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;
import org.slf4j.MDC;

import java.util.Map;
import java.util.Optional;

/**
 * Who and what an entry belongs to when its caller does not say: the function (Micronaut application
 * name, else Lambda's function name), and from the API Gateway v2 event behind the current request its
 * request id and the authenticated principal (IAM caller ARN, else the JWT {@code sub}, else a Lambda
 * authorizer's {@code principalId}); outside an HTTP request (direct invokes) the Lambda request id.
 */
@Singleton
public class AuditRequestContext {

    private static final String LAMBDA_REQUEST_ID = "AWSRequestId";

    private final String function;

    public AuditRequestContext(@Nullable @Value("${micronaut.application.name:}") String applicationName) {
        String lambdaName = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        this.function = applicationName != null && !applicationName.isBlank() ? applicationName
            : lambdaName != null && !lambdaName.isBlank() ? lambdaName : null;
    }

    public String function() {
        return function;
    }

    /** API Gateway's request id; for direct invokes the Lambda request id (Micronaut puts it in the MDC per invocation). */
    public String requestId() {
        return event().map(APIGatewayV2HTTPEvent::getRequestContext).map(APIGatewayV2HTTPEvent.RequestContext::getRequestId)
            .orElseGet(() -> MDC.get(LAMBDA_REQUEST_ID));
    }

    public String principal() {
        Optional<APIGatewayV2HTTPEvent.RequestContext.Authorizer> authorizer = event()
            .map(APIGatewayV2HTTPEvent::getRequestContext).map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer);
        if (authorizer.isEmpty()) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer a = authorizer.get();
        if (a.getIam() != null && a.getIam().getUserArn() != null) {
            return a.getIam().getUserArn();
        }
        if (a.getJwt() != null && a.getJwt().getClaims() != null && a.getJwt().getClaims().get("sub") != null) {
            return "jwt:" + a.getJwt().getClaims().get("sub");
        }
        Map<String, Object> lambda = a.getLambda();
        if (lambda != null && lambda.get("principalId") != null) {
            return "lambda:" + lambda.get("principalId");
        }
        return null;
    }

    private static Optional<APIGatewayV2HTTPEvent> event() {
        return ServerRequestContext.currentRequest()
            .filter(ServletHttpRequest.class::isInstance)
            .map(r -> ((ServletHttpRequest<?, ?>) r).getNativeRequest())
            .filter(APIGatewayV2HTTPEvent.class::isInstance)
            .map(APIGatewayV2HTTPEvent.class::cast);
    }
}
