package io.peerage.policy.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a policy file as characters, before Drools parses it, for what the parser cannot be trusted with: brackets
 * nested so deep that the parser's recursion overflows its stack, and unicode escapes (a backslash and {@code u}), which the Java compiler
 * turns into characters after every check has read the text (an escaped line break ends a comment and lets code through).
 * It knows strings and comments, so a parenthesis in a message does not count.
 */
public final class TextScan {

    /**
     * How deep parentheses, brackets and braces may nest. The catalog nests four deep; a hundred leaves room for any
     * readable rule and stays far below the depth at which the parser's recursion fails.
     */
    public static final int MAX_NESTING = 100;

    private TextScan() {}

    public static List<Refusal> scan(String file, String text) {
        List<Refusal> refusals = new ArrayList<>();
        int[] depth = {0};
        CodeScanner.walk(text, 1, 1, (index, line, column) -> {
            char c = text.charAt(index);
            if (c == '(' || c == '[' || c == '{') {
                if (++depth[0] == MAX_NESTING + 1) {
                    refusals.add(new Refusal(
                            file,
                            line,
                            column,
                            "nesting",
                            "brackets nest more than " + MAX_NESTING + " deep here. Maybe split the condition into"
                                    + " simpler ones?"));
                    return 0;
                }
            } else if (c == ')' || c == ']' || c == '}') {
                depth[0] = Math.max(0, depth[0] - 1);
            }
            return 1;
        });
        unicodeEscape(file, text).ifPresent(refusals::add);
        return refusals;
    }

    /** The first backslash followed by {@code u}, wherever it is: in code, in a string or in a comment. */
    private static java.util.Optional<Refusal> unicodeEscape(String file, String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i + 1 < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && text.charAt(i + 1) == 'u') {
                return java.util.Optional.of(new Refusal(
                        file,
                        line,
                        column,
                        "unicode escape",
                        "'\\u' escapes are not allowed anywhere in a policy file: Java reads them before any check"
                                + " does. Write the character itself"));
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return java.util.Optional.empty();
    }
}
