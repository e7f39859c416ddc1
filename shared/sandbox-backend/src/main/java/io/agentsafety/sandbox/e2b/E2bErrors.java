package io.agentsafety.sandbox.e2b;

import io.agentsafety.sandbox.SandboxException;
import io.agentsafety.sandbox.SandboxException.Kind;
import io.micronaut.json.tree.JsonNode;

import java.net.ConnectException;
import java.util.Map;

/**
 * Maps E2B answers to {@link SandboxException} kinds: control-plane statuses (§2.2), envd Connect codes from
 * an end-stream or unary error body, envd HTTP statuses (§4.1, §5.5), and transport failures. Messages quote
 * at most 200 characters of the server's message and never a credential (the server does not echo them, and
 * the request is never part of a message).
 */
final class E2bErrors {

    /** Connect code → kind (§5.5). {@code deadline_exceeded} is handled by the caller as a timeout result. */
    private static final Map<String, Kind> CONNECT_CODES = Map.ofEntries(
        Map.entry("invalid_argument", Kind.INVALID),
        Map.entry("failed_precondition", Kind.INVALID),
        Map.entry("out_of_range", Kind.INVALID),
        Map.entry("unauthenticated", Kind.UNAUTHORIZED),
        Map.entry("permission_denied", Kind.UNAUTHORIZED),
        Map.entry("not_found", Kind.NOT_FOUND),
        Map.entry("resource_exhausted", Kind.RATE_LIMITED),
        Map.entry("deadline_exceeded", Kind.TIMEOUT),
        Map.entry("canceled", Kind.UNAVAILABLE),
        Map.entry("unavailable", Kind.UNAVAILABLE));

    private E2bErrors() {
    }

    /** A control-plane error answer. */
    static SandboxException controlPlane(String operation, HttpReply reply) {
        String message = operation + ": E2B answered " + reply.status() + serverMessage(reply);
        return new SandboxException(switch (reply.status()) {
            case 400, 409, 422 -> Kind.INVALID;
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            default -> Kind.UNAVAILABLE;
        }, message);
    }

    /** A non-2xx envd answer (no envelope): the proxy's 502 means the sandbox is gone. */
    static SandboxException envd(String operation, HttpReply reply) {
        String code = connectCode(reply);
        if (reply.status() == 502 && reply.bodyText().contains("not found")) {
            return vanished(operation);
        }
        if (code != null && CONNECT_CODES.containsKey(code)) {
            return new SandboxException(CONNECT_CODES.get(code), operation + ": envd answered " + code + serverMessage(reply));
        }
        String message = operation + ": envd answered " + reply.status() + serverMessage(reply);
        return new SandboxException(switch (reply.status()) {
            case 400, 406, 415 -> Kind.INVALID;
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 429 -> Kind.RATE_LIMITED;
            case 413, 507 -> Kind.TOO_LARGE;
            case 502 -> Kind.NOT_FOUND;
            default -> Kind.UNAVAILABLE;
        }, message);
    }

    /** An error end-stream {@code {"error":{"code","message"}}} of a server stream. */
    static SandboxException endStream(String operation, String code, String message) {
        Kind kind = CONNECT_CODES.getOrDefault(code, Kind.UNAVAILABLE);
        return new SandboxException(kind, operation + ": envd ended the stream with " + code
            + (message == null ? "" : ": " + clip(message)));
    }

    static SandboxException vanished(String operation) {
        return new SandboxException(Kind.NOT_FOUND,
            operation + ": the sandbox vanished (killed or expired; E2B's proxy says it was not found)");
    }

    static SandboxException transport(String operation, Throwable cause) {
        if (cause instanceof SandboxException e) {
            return e;
        }
        String what = cause instanceof ConnectException ? "connection refused"
            : cause == null ? "unknown failure" : cause.getClass().getSimpleName();
        return new SandboxException(Kind.UNAVAILABLE, operation + ": E2B unreachable (" + what + ")");
    }

    /** The string {@code code} of a Connect error body, or null (proxy and REST bodies carry a number). */
    static String connectCode(HttpReply reply) {
        return E2bJson.string(parse(reply.body()), "code");
    }

    static JsonNode parse(byte[] body) {
        return E2bJson.parse(body);
    }

    private static String serverMessage(HttpReply reply) {
        String message = E2bJson.string(parse(reply.body()), "message");
        return message != null ? ": " + clip(message) : "";
    }

    static String clip(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t]+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
