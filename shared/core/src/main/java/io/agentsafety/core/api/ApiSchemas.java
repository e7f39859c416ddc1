package io.agentsafety.core.api;

/**
 * Constants the OpenAPI annotations of the routes share (annotation values must be compile-time constants). The
 * patterns are anchored ECMA-262 regexes, as JSON Schema reads them.
 */
public final class ApiSchemas {

    /** Run ids and other caller-chosen ids: {@link io.agentsafety.core.Ids#GRAMMAR}. */
    public static final String ID_PATTERN = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$";
    /** Approval ids: {@code apr_} and 26 characters of Crockford's base 32 (lower case). */
    public static final String APPROVAL_ID_PATTERN = "^apr_[0-9a-hjkmnp-tv-z]{26}$";
    /** An exact decimal amount of money, at most 6 places (sent as a JSON number or a string). */
    public static final String AMOUNT = "exact decimal, at most 6 places, as a JSON number or a string";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String JSON = "application/json";

    private ApiSchemas() {
    }
}
