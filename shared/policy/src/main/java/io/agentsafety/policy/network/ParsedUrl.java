package io.agentsafety.policy.network;

/**
 * One parser's reading of a URL's destination.
 *
 * @param scheme    lower-cased scheme
 * @param host      the host, or null when the scheme is not http/https (nothing further is read)
 * @param port      the effective port: the explicit one, or the scheme's default (80/443); null when host is null
 * @param atSigns   how many '@' the authority holds (userinfo delimiters); more than one is ambiguous
 */
record ParsedUrl(String scheme, Host host, Integer port, int atSigns) {

    static boolean isHttp(String scheme) {
        return "http".equals(scheme) || "https".equals(scheme);
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
