package io.peerage.policy.check;

import java.util.List;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.kie.internal.builder.conf.LanguageLevelOption;

/** Runs the check the way the compiler does (scan, parse once, check the descriptor) on a text of a test. */
final class Checked {

    static final String HEADER = """
            package peerage.test;
            import io.peerage.policy.fact.*;
            global io.peerage.policy.Verdicts verdicts;
            """;

    /** Lines of {@link #HEADER}: a rule's text starts on the line after. */
    static final int HEADER_LINES = 3;

    private Checked() {}

    static PolicyCheck.Outcome check(String file, String text) {
        List<Refusal> scanned = TextScan.scan(file, text);
        if (!scanned.isEmpty()) {
            return new PolicyCheck.Outcome(scanned, List.of());
        }
        try {
            DrlParser parser = new DrlParser(LanguageLevelOption.DRL6);
            PackageDescr descr = parser.parse(false, text);
            if (parser.hasErrors()) {
                throw new AssertionError("the test's DRL does not parse: " + parser.getErrors());
            }
            return PolicyCheck.check(file, text, descr);
        } catch (org.drools.drl.parser.DroolsParserException e) {
            throw new AssertionError(e);
        }
    }

    /** A rule with metadata, a condition and a consequence, after the header. */
    static String rule(String when, String then) {
        return HEADER + """
                rule "Tested"
                    @kind(CLIENT) @strictness(SOFT) @rank(1) @code("tested")
                when
                %s
                then
                %s
                end
                """.formatted(when, then);
    }
}
