package io.peerage.policy;

/** Something wrong in a policy file, where it is (line and column start at 1; 0 when unknown) and what. */
public record PolicyProblem(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
