package org.amhub.registry.service;

/** One broken rule, with the JSON path of the field that breaks it (for example {@code needs[2].topic}). */
public record FieldViolation(String field, String message) {
}
