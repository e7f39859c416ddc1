package io.agentsafety.approvals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Map;

/**
 * Who is calling, as API Gateway authenticated them: the IAM principal ({@code authorizer.iam.userArn}, else
 * {@code callerId}) or the JWT subject ({@code authorizer.jwt.claims.sub}). When present it is the approver,
 * whatever the body says: a body can be forged, the authorizer's context cannot.
 */
public final class CallerIdentity {

    private CallerIdentity() {
    }

    /** The authenticated caller, or null when the route has no authorizer (or none answered). */
    public static String of(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getAuthorizer() == null) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = event.getRequestContext().getAuthorizer();
        APIGatewayV2HTTPEvent.RequestContext.IAM iam = authorizer.getIam();
        if (iam != null) {
            if (present(iam.getUserArn())) {
                return iam.getUserArn().trim();
            }
            if (present(iam.getCallerId())) {
                return iam.getCallerId().trim();
            }
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = authorizer.getJwt();
        if (jwt != null) {
            Map<String, String> claims = jwt.getClaims();
            if (claims != null && present(claims.get("sub"))) {
                return claims.get("sub").trim();
            }
        }
        return null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
