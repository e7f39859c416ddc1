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
 * The errors any route can answer, documented once: 500 (an unexpected failure; nothing was changed by it) and 503
 * (a dependency such as Redis or the sandbox backend is unavailable; retry later).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "500", description = "Internal error; the detail never carries the cause",
    content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "A dependency (Redis, the sandbox backend) is unavailable; retry later",
    content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Problem.class)))
public @interface ServerProblems {
}
