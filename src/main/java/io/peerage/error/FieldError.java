package io.peerage.error;

/** One thing wrong with a request: the field, as a JSON path such as {@code network.country}, and what was wrong. */
public record FieldError(String field, String message) {}
