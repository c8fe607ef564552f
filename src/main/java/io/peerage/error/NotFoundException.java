package io.peerage.error;

/** A request names something that does not exist. */
public final class NotFoundException extends RuntimeException {

    private final String what;
    private final String id;

    public NotFoundException(String what, String id) {
        super("unknown " + what + " '" + id + "'");
        this.what = what;
        this.id = id;
    }

    /** The kind of thing, as a word: {@code node}, {@code content}, {@code allocation}. */
    public String what() {
        return what;
    }

    public String id() {
        return id;
    }
}
