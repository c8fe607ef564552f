package io.peerage.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An ISO 3166-1 alpha-2 country code in upper case, such as {@code DE}; null is valid. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CountryCodeValidator.class)
public @interface CountryCode {
    String message() default "must be an ISO 3166-1 alpha-2 country code in upper case, such as DE";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
