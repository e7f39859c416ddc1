package io.agentsafety.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one rule for request bodies: {@code application/json} or {@code application/<anything>+json}, case
 * insensitive, with no parameter but an optional {@code charset=utf-8} (bodies are read as UTF-8; any other
 * charset would be misread). Anything else, or no Content-Type at all, is refused with 415.
 */
public final class JsonContentType {

    private static final Pattern ACCEPTED = Pattern.compile(
        "application/(json|[a-z0-9][a-z0-9!#$&^_.-]{0,100}\\+json)[ \\t]*(;[ \\t]*charset[ \\t]*=[ \\t]*(utf-8|\"utf-8\")[ \\t]*)?");

    public static final String RULE = "send the body with Content-Type: application/json (optionally ; charset=utf-8) "
        + "or an application/*+json type";

    /**
     * What every route declares as {@code consumes}: the framework lets every type through to
     * {@link JsonContentTypeFilter}, which applies this one rule (the framework alone would accept a body
     * without a Content-Type and any charset, and refuse {@code application/merge-patch+json}).
     */
    public static final String CHECKED_BY_FILTER = "*/*";

    private JsonContentType() {
    }

    public static boolean accepts(String contentType) {
        return contentType != null && ACCEPTED.matcher(contentType.trim().toLowerCase(Locale.ROOT)).matches();
    }
}
