package io.peerage.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An IANA time zone id, such as {@code Europe/Berlin} or {@code UTC}; null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TimeZoneIdValidator.class)
public @interface TimeZoneId {
    String message() default "must be an IANA time zone id, such as Europe/Berlin or UTC";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
