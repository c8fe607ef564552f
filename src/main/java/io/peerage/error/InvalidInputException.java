package io.peerage.error;

import java.util.List;

/** Input that is well-formed but breaks a rule that annotations cannot express. Nothing was changed. */
public final class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.toString());
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
