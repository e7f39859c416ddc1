package io.agentsafety.client;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.micronaut.serde.annotation.Serdeable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem body as the service sends it ({@code application/problem+json}): the fields every problem
 * has, the invalid fields of a 400, and any extension members (e.g. {@code decision}, {@code budget}) as raw JSON.
 */
@Serdeable
public final class Problem {

    private String type;
    private String title;
    private int status;
    private String detail;
    private String code;
    private List<FieldError> errors = List.of();
    @JsonIgnore
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    /** One invalid field of a 400: its JSON path and what is wrong with it. */
    @Serdeable
    public record FieldError(String field, String message) {
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getTitle() { return title; }
    public void setTitle(String title) { this.title = title; }
    public int getStatus() { return status; }
    public void setStatus(int status) { this.status = status; }
    public String getDetail() { return detail; }
    public void setDetail(String detail) { this.detail = detail; }
    /** The service's machine-readable problem code, e.g. {@code insufficient_budget}, {@code invalid_request}. */
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public List<FieldError> getErrors() { return errors; }
    public void setErrors(List<FieldError> errors) { this.errors = errors == null ? List.of() : List.copyOf(errors); }

    /** Members beyond the standard ones, as parsed JSON (maps, lists, strings, numbers, booleans). */
    @JsonIgnore
    public Map<String, Object> extensions() {
        return extensions;
    }

    @JsonAnySetter
    void extension(String name, Object value) {
        extensions.put(name, value);
    }

    static Problem of(int status, String title, String detail) {
        Problem p = new Problem();
        p.status = status;
        p.title = title;
        p.detail = detail;
        p.type = "about:blank";
        return p;
    }

    @Override
    public String toString() {
        return status + " " + title + (detail == null ? "" : ": " + detail);
    }
}
