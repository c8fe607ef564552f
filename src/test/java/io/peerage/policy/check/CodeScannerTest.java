package io.peerage.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The characters of code the scanner hands on, with their positions: literals and comments are never code. */
class CodeScannerTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                row("plain code", "a(b)", "a@1:1 (@1:2 b@1:3 )@1:4"),
                row("a string", "x\"(\"y", "x@1:1 y@1:5"),
                row("an escaped quote in a string", "\"a\\\"(\"b", "b@1:7"),
                row("a character literal", "'('z", "z@1:4"),
                row("a line comment ends at the line break", "a// (\nb", "a@1:1 b@2:1"),
                row("a block comment", "a/* ( */b", "a@1:1 b@1:9"),
                row("'/*/' does not close the comment it opens", "/*/ ( */c", "c@1:9"),
                row("'* /' does not close a comment", "/* * / ( */d", "d@1:12"),
                row("a string ends at a line break", "\"ab\ne", "e@2:1"),
                row("an unclosed comment hides the rest", "f/* (", "f@1:1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handsOnOnlyCode(String text, String expected) {
        List<String> seen = new ArrayList<>();
        CodeScanner.walk(text, 1, 1, (index, line, column) -> {
            char c = text.charAt(index);
            if (c != ' ') {
                seen.add(c + "@" + line + ":" + column);
            }
            return 1;
        });
        assertThat(String.join(" ", seen)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aVisitorThatStopsEndsTheWalk(String text, String expected) {
        List<Integer> seen = new ArrayList<>();
        CodeScanner.walk(text, 1, 1, (index, line, column) -> {
            seen.add(index);
            return 0;
        });
        assertThat(seen).as("the walk stops at the first character of code").hasSize(1);
    }

    @Test
    void aVisitorConsumesAWholeWordAndColumnsFollow() {
        String text = "abc de";
        List<String> words = new ArrayList<>();
        CodeScanner.walk(text, 3, 7, (index, line, column) -> {
            int end = index;
            while (end < text.length() && Character.isLetter(text.charAt(end))) {
                end++;
            }
            if (end == index) {
                return 1;
            }
            words.add(text.substring(index, end) + "@" + line + ":" + column);
            return end - index;
        });
        assertThat(words).containsExactly("abc@3:7", "de@3:11");
    }

    private static Arguments row(String name, String text, String expected) {
        return Arguments.of(Named.of(name, text), expected);
    }
}
