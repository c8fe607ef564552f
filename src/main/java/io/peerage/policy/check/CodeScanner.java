package io.peerage.policy.check;

/**
 * Walks policy text as Java's lexer reads it, skipping string and character literals and comments, and hands every
 * character of code to a visitor with its line and column. The text scan (nesting) and the consequence check
 * (forbidden words) both read code this way, so that a bracket or a word inside a message or a comment never counts.
 */
final class CodeScanner {

    /** What to do with one character of code. */
    @FunctionalInterface
    interface Visitor {

        /**
         * @param index the character's index in the text
         * @return how many characters of code the visitor consumed from {@code index} on, none of them a line break
         *     (at least 1), or 0 to stop the walk
         */
        int visit(int index, int line, int column);
    }

    private CodeScanner() {}

    /** Walks {@code text}, whose first character stands at {@code line} and {@code column}. */
    static void walk(String text, int line, int column, Visitor visitor) {
        char quote = 0; // the quote of the string or character literal we are in, or 0
        boolean lineComment = false;
        boolean blockComment = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            int length = 1;
            if (lineComment) {
                lineComment = c != '\n';
            } else if (blockComment) {
                if (c == '*' && next == '/') {
                    blockComment = false;
                    length = 2;
                }
            } else if (quote != 0) {
                if (c == '\\' && next != '\n') {
                    length = 2;
                } else if (c == quote || c == '\n') {
                    quote = 0;
                }
            } else if (c == '/' && next == '/') {
                lineComment = true;
            } else if (c == '/' && next == '*') {
                blockComment = true;
                length = 2;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else {
                length = visitor.visit(i, line, column);
                if (length == 0) {
                    return;
                }
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else {
                column += length;
            }
            i += length;
        }
    }
}
