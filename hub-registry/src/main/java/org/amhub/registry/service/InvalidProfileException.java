package org.amhub.registry.service;

import java.util.List;

/** The profile is well-formed but breaks a rule of the registry (unknown topic, changed slug...): a 422. */
public class InvalidProfileException extends RuntimeException {
    private final List<FieldViolation> errors;

    public InvalidProfileException(List<FieldViolation> errors) {
        super(errors.get(0).field() + ": " + errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    public List<FieldViolation> errors() {
        return errors;
    }
}
