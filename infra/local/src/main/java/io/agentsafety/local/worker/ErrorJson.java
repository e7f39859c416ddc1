package io.agentsafety.local.worker;

import java.nio.charset.StandardCharsets;

/** The Lambda runtime's error document: {@code {"errorMessage", "errorType", "stackTrace"}}. JDK only. */
final class ErrorJson {

    private ErrorJson() {
    }

    static byte[] of(Throwable error) {
        StringBuilder json = new StringBuilder(256).append("{\"errorMessage\":");
        quote(json, error.getMessage() == null ? error.getClass().getName() : error.getMessage());
        json.append(",\"errorType\":");
        quote(json, error.getClass().getName());
        json.append(",\"stackTrace\":[");
        StackTraceElement[] trace = error.getStackTrace();
        for (int i = 0; i < Math.min(trace.length, 50); i++) {
            if (i > 0) {
                json.append(',');
            }
            quote(json, trace[i].toString());
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static void quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
