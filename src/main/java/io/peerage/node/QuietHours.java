package io.peerage.node;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalTime;

/**
 * The hours of the day, in the node's own time zone, when it does not serve as a parent, such as a company's working
 * hours. The window includes {@code from} and excludes {@code to}; it may wrap midnight ({@code 22:00} to
 * {@code 06:00}).
 */
@QuietHours.Window
public record QuietHours(
        @NotNull @Pattern(regexp = TIME_PATTERN, message = TIME_MESSAGE)
        String from,

        @NotNull @Pattern(regexp = TIME_PATTERN, message = TIME_MESSAGE)
        String to) {

    public static final String TIME_PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9]";
    public static final String TIME_MESSAGE = "must be a time of day as HH:MM, from 00:00 to 23:59";

    /** Whether the given local time falls inside the window. */
    public boolean contains(LocalTime time) {
        LocalTime start = timeOfDay(from);
        LocalTime end = timeOfDay(to);
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /**
     * The time a valid {@code HH:MM} stands for, read without a formatter: the rules ask for every candidate of every
     * request. Anything else goes to {@link LocalTime#parse}, which reads it, or fails, as it always did.
     */
    private static LocalTime timeOfDay(String time) {
        if (time.length() == 5 && time.charAt(2) == ':') {
            int hour = twoDigits(time, 0);
            int minute = twoDigits(time, 3);
            if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60) {
                return LocalTime.of(hour, minute);
            }
        }
        return LocalTime.parse(time);
    }

    /** The number written by the two digits at {@code index}; -1 when they are not two ASCII digits. */
    private static int twoDigits(String text, int index) {
        int tens = text.charAt(index) - '0';
        int ones = text.charAt(index + 1) - '0';
        return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }

    /** {@code from} and {@code to} must differ: an empty window or a whole day is better said otherwise. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = WindowValidator.class)
    public @interface Window {
        String message() default "must differ from 'from': to stop serving all day, set uplinkKbps to 0 instead";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class WindowValidator implements ConstraintValidator<Window, QuietHours> {
        @Override
        public boolean isValid(QuietHours value, ConstraintValidatorContext context) {
            if (value == null || value.from() == null || !value.from().equals(value.to())) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                    .addPropertyNode("to")
                    .addConstraintViolation();
            return false;
        }
    }
}
