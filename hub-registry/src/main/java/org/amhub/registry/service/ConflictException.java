package org.amhub.registry.service;

/** The change collides with the current state (a taken slug, a concurrent edit): a 409. */
public class ConflictException extends RuntimeException {
    private final String field;

    public ConflictException(String message, String field) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
