package io.peerage.policy.check;

import java.util.List;

/**
 * The type of an expression in a rule as the check sees it: a class, and for a list the class of its elements.
 * {@link #NULL} is the type of {@code null}.
 */
public record ValueType(Class<?> raw, Class<?> element) {

    public static final ValueType NULL = new ValueType(Void.class, null);
    public static final ValueType STRING = of(String.class);
    public static final ValueType BOOLEAN = of(boolean.class);
    public static final ValueType INT = of(int.class);
    public static final ValueType LONG = of(long.class);
    public static final ValueType DOUBLE = of(double.class);

    public static ValueType of(Class<?> raw) {
        return new ValueType(raw, null);
    }

    public boolean isString() {
        return raw == String.class;
    }

    public boolean isList() {
        return List.class.isAssignableFrom(raw);
    }

    public boolean isBoolean() {
        return raw == boolean.class || raw == Boolean.class;
    }

    public boolean isNumber() {
        return rank() > 0;
    }

    /** The wider of two numbers, as Java widens them in arithmetic. */
    public static ValueType wider(ValueType a, ValueType b) {
        return a.rank() >= b.rank() ? a.unboxed() : b.unboxed();
    }

    private ValueType unboxed() {
        return switch (rank()) {
            case 1 -> INT;
            case 2 -> LONG;
            case 3 -> DOUBLE;
            default -> this;
        };
    }

    private int rank() {
        if (raw == int.class || raw == Integer.class || raw == short.class || raw == byte.class) {
            return 1;
        }
        if (raw == long.class || raw == Long.class) {
            return 2;
        }
        if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
            return 3;
        }
        return 0;
    }

    /** The name an author reads in a message: {@code String}, {@code List<String>}, {@code Candidate}. */
    public String describe() {
        if (this == NULL) {
            return "null";
        }
        return element == null ? raw.getSimpleName() : raw.getSimpleName() + "<" + element.getSimpleName() + ">";
    }
}
