package io.agentsafety.local.template;

/** The template cannot be served as written; the message says where. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }
}
