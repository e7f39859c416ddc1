package io.agentsafety.core.api;

import io.agentsafety.core.Problem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The errors of every route that reads a JSON body, documented once: 400 (every bad field named in {@code errors}),
 * 413 (body over the limit, BodyLimitFilter) and 415 (not {@code application/json}, JsonContentTypeFilter).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "400", description = "Invalid request: not JSON, duplicate or unknown keys, or bad fields (each named in errors)",
    content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Problem.class)))
@ApiResponse(responseCode = "413", description = "The body is larger than the route accepts",
    content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Problem.class)))
@ApiResponse(responseCode = "415", description = "The body is not sent as application/json",
    content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Problem.class)))
public @interface BodyProblems {
}
