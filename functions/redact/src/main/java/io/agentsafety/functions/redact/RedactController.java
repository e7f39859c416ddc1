package io.agentsafety.functions.redact;

import io.agentsafety.core.JsonContentType;
import io.agentsafety.core.JsonFields;
import io.agentsafety.core.Problem;
import io.agentsafety.core.api.ApiSchemas;
import io.agentsafety.core.api.BodyProblems;
import io.agentsafety.redaction.api.RedactRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** {@code POST /api/v1/safety/redact}: removes secrets from text. */
@Controller("/api/v1/safety")
public class RedactController {

    private final BoundedRedaction redaction;
    private final RedactRequests requests;

    public RedactController(BoundedRedaction redaction, RedactRequests requests) {
        this.redaction = redaction;
        this.requests = requests;
    }

    @Operation(operationId = "redact", summary = "Remove secrets from text")
    @ApiResponse(responseCode = "200", description = "The redacted text and where the secrets were (never the secrets)", content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = RedactResponse.class)))
    @BodyProblems
    @ApiResponse(responseCode = "500", description = "Internal error; the detail never carries the cause", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Post(uri = "/redact", consumes = JsonContentType.CHECKED_BY_FILTER, produces = MediaType.APPLICATION_JSON)
    public RedactResponse redact(
            @RequestBody(required = true, content = @Content(mediaType = ApiSchemas.JSON, schema = @Schema(implementation = RedactRequest.class))) @Body byte[] body) {
        RedactRequests.Parsed parsed = requests.parse(JsonFields.parse(body));
        // behind API Gateway the body travels as a JSON string inside the Lambda response
        return redaction.redact(parsed, true);
    }
}
