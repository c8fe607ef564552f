package io.peerage.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.ZoneId;
import java.util.Set;

public final class TimeZoneIdValidator implements ConstraintValidator<TimeZoneId, String> {

    private static final Set<String> IDS = ZoneId.getAvailableZoneIds();

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || IDS.contains(value);
    }
}
