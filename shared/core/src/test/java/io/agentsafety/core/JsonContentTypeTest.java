package io.agentsafety.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonContentTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8", "application/json;charset=UTF-8",
        "application/json ; charset = \"utf-8\"", "application/merge-patch+json", "application/vnd.acme.budget+json; charset=utf-8",
        " application/json "})
    void acceptsJsonTypes(String contentType) {
        assertTrue(JsonContentType.accepts(contentType), contentType);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "text/plain", "text/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=latin1", "application/json; charset=utf-16", "application/json; boundary=x", "application/jsonp",
        "application/json, text/plain", "application/+json", "*/*", "application/*", "application/json;"})
    void refusesEverythingElse(String contentType) {
        assertFalse(JsonContentType.accepts(contentType), String.valueOf(contentType));
    }
}
