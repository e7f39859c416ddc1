package io.agentsafety.functions.console;

import io.agentsafety.core.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;

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

    @Get(produces = MediaType.ALL)
    public HttpResponse<String> page(@Nullable @Header("If-None-Match") String ifNoneMatch) {
        return serve(assets.page(), ifNoneMatch);
    }

    @Get(uri = "/{asset}", produces = MediaType.ALL)
    public HttpResponse<String> asset(@PathVariable("asset") String asset, @Nullable @Header("If-None-Match") String ifNoneMatch) {
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
