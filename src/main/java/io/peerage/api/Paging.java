package io.peerage.api;

import io.peerage.error.FieldError;
import java.util.List;

/**
 * A page of a list, from the {@code page} and {@code size} query parameters as they were sent: whole numbers in range,
 * and a page no further than the database can count to ({@code page x size} fits an int), so that no page number can
 * overflow the offset.
 */
record Paging(int page, int size) {

    /** Adds what is wrong to {@code errors}; the defaults stand in for what is missing or wrong. */
    static Paging of(String page, String size, int defaultSize, int maxSize, List<FieldError> errors) {
        int pageSize = number("size", size, defaultSize, 1, maxSize, errors);
        int maxPage = Integer.MAX_VALUE / pageSize - 1;
        int pageNumber = number("page", page, 0, 0, maxPage, errors);
        return new Paging(pageNumber, pageSize);
    }

    int offset() {
        return page * size;
    }

    private static int number(String name, String value, int fallback, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String text = value.trim();
        if (!text.matches("-?[0-9]+")) {
            errors.add(new FieldError(name, "'" + value + "' is not a whole number"));
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(text);
        } catch (NumberFormatException e) {
            parsed = text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (parsed < min || parsed > max) {
            errors.add(new FieldError(name, "must be between " + min + " and " + max + ", not " + text));
            return fallback;
        }
        return (int) parsed;
    }
}
