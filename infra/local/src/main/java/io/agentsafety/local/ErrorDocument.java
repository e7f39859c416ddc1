package io.agentsafety.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/** Reads the errorType of a Lambda error document (the message may carry request data, so it is never logged). */
final class ErrorDocument {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorDocument() {
    }

    static String type(byte[] document) {
        try {
            JsonNode node = JSON.readTree(document);
            return node.path("errorType").asText("unknown error");
        } catch (IOException e) {
            return "unreadable error document";
        }
    }
}
