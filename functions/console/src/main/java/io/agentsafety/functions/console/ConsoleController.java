package io.agentsafety.functions.console;

import io.agentsafety.core.Problem;
import io.agentsafety.core.ProblemException;
import io.agentsafety.core.api.ApiSchemas;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/**
 * {@code GET /console} (the page) and {@code GET /console/{asset}} (its scripts, styles and icon): the operator
 * console. Static files only; the page calls the service's own routes by relative URL, so it needs no
 * configuration and is behind the same authorizer as the API. Every answer forbids inline script and style and
 * any other origin (CSP), MIME sniffing and framing; files are revalidated by ETag, so a new deploy shows at once.
 */
@Controller("/console")
public class ConsoleController {

    static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

    private final ConsoleAssets assets;

    public ConsoleController(ConsoleAssets assets) {
        this.assets = assets;
    }

    @Operation(operationId = "consolePage", summary = "The operator console (HTML)")
    @ApiResponse(responseCode = "200", description = "The page", content = @Content(mediaType = "text/html", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @ApiResponse(responseCode = "500", description = "Internal error; the detail never carries the cause", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Get(produces = MediaType.ALL)
    public HttpResponse<String> page(@Parameter(description = "the ETag of an earlier answer", required = false) @Header(value = "If-None-Match", defaultValue = "") String ifNoneMatch) {
        return serve(assets.page(), ifNoneMatch);
    }

    @Operation(operationId = "consoleAsset", summary = "A script, style sheet or icon of the console")
    @ApiResponse(responseCode = "200", description = "The file, with its own content type (text/javascript, text/css, image/svg+xml)",
        content = @Content(mediaType = "*/*", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    @ApiResponse(responseCode = "404", description = "Not a file of the console (the name is not echoed)", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "500", description = "Internal error; the detail never carries the cause", content = @Content(mediaType = ApiSchemas.PROBLEM_JSON, schema = @Schema(implementation = Problem.class)))
    @Get(uri = "/{asset}", produces = MediaType.ALL)
    public HttpResponse<String> asset(@Parameter(description = "a file name of the console, e.g. app.js") @PathVariable("asset") String asset, @Parameter(description = "the ETag of an earlier answer", required = false) @Header(value = "If-None-Match", defaultValue = "") String ifNoneMatch) {
        // the name is never echoed: it is whatever the caller put in the path
        return serve(assets.find(asset).orElseThrow(() -> ProblemException.notFound("unknown_asset", "no such file in the console")),
            ifNoneMatch);
    }

    private static HttpResponse<String> serve(ConsoleAssets.Asset asset, String ifNoneMatch) {
        MutableHttpResponse<String> response = asset.etag().equals(ifNoneMatch)
            ? HttpResponse.status(HttpStatus.NOT_MODIFIED)
            : HttpResponse.ok(asset.body()).contentType(asset.contentType());
        return response
            .header("ETag", asset.etag())
            .header("Cache-Control", "no-cache")
            .header("Content-Security-Policy", CSP)
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "DENY")
            .header("Referrer-Policy", "no-referrer");
    }
}
