package io.agentsafety.redaction;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.util.List;

/** One entry of the {@code safety.redaction.custom-patterns} list: {@code {id?, kind, regex, keywords?}}. */
@EachProperty(value = "safety.redaction.custom-patterns", list = true)
public class CustomPatternConfig {

    private final int index;
    private String id;
    private String kind;
    private String regex;
    private List<String> keywords;

    public CustomPatternConfig(@Parameter Integer index) {
        this.index = index;
    }

    public int getIndex() {
        return index;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getRegex() {
        return regex;
    }

    public void setRegex(String regex) {
        this.regex = regex;
    }

    public List<String> getKeywords() {
        return keywords;
    }

    public void setKeywords(List<String> keywords) {
        this.keywords = keywords;
    }

    CustomPatterns.Spec spec() {
        return new CustomPatterns.Spec(id, kind, regex, keywords);
    }
}
