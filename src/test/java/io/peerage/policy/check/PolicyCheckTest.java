package io.peerage.policy.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each construct a rule may not use, refused by name at its line and column; and what a rule may do, admitted. */
class PolicyCheckTest {

    /** The line of the pattern in {@link Checked#rule}: header, rule, metadata, when. */
    private static final int WHEN_LINE = Checked.HEADER_LINES + 4;

    private static final int THEN_LINE = WHEN_LINE + 2;

    private static final String CANDIDATE = "    $c : Candidate( )";

    private static final String VERDICT = "    verdicts.reject($c, \"no\");";

    record Case(String name, String text, String construct, int line, int column, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                        new Case(
                                "a consequence that creates a file",
                                Checked.rule(CANDIDATE, "    new java.io.File(\"/tmp/x\").createNewFile();"),
                                "new",
                                THEN_LINE,
                                5,
                                "consequence: 'new' is not allowed"),
                        new Case(
                                "a consequence that runs a process",
                                Checked.rule(CANDIDATE, "    Runtime.getRuntime().exec(\"touch /tmp/x\");"),
                                "unknown member",
                                THEN_LINE,
                                5,
                                "'Runtime.getRuntime' with 0 argument(s) is not something a rule may call"),
                        new Case(
                                "a consequence that reads a file by its full name",
                                Checked.rule(
                                        CANDIDATE,
                                        "    verdicts.reject($c, java.nio.file.Files.readString("
                                                + "java.nio.file.Path.of(\"/etc/hostname\")));"),
                                "fully qualified name",
                                THEN_LINE,
                                56,
                                "'java.nio.file.Path' names code outside the fact model"),
                        new Case(
                                "a consequence that reflects",
                                Checked.rule(CANDIDATE, "    verdicts.reject($c, \"\" + $c.getClass().getName());"),
                                "Object method getClass",
                                THEN_LINE,
                                30,
                                "'getClass()' is not allowed"),
                        new Case(
                                "a consequence that exits",
                                Checked.rule(CANDIDATE, "    System.exit(1);"),
                                "unknown member",
                                THEN_LINE,
                                5,
                                "'System.exit' with 1 argument(s) is not something a rule may call"),
                        new Case(
                                "a consequence that sleeps",
                                Checked.rule(CANDIDATE, "    Thread.sleep(30000);"),
                                "unknown member",
                                THEN_LINE,
                                5,
                                "'Thread.sleep' with 1 argument(s) is not something a rule may call"),
                        new Case(
                                "a consequence that spins",
                                Checked.rule(CANDIDATE, "    while (true) { }"),
                                "loop",
                                THEN_LINE,
                                5,
                                "loops ('while') are not allowed"),
                        new Case(
                                "a for loop",
                                Checked.rule(CANDIDATE, "    for (int i = 0; i < 3; i++) { }"),
                                "loop",
                                THEN_LINE,
                                5,
                                "loops ('for') are not allowed"),
                        new Case(
                                "synchronized",
                                Checked.rule(CANDIDATE, "    synchronized ($c) { }"),
                                "synchronized",
                                THEN_LINE,
                                5,
                                "'synchronized' is not allowed"),
                        new Case(
                                "insert",
                                Checked.rule(CANDIDATE, "    insert($c);"),
                                "insert",
                                THEN_LINE,
                                5,
                                "a rule changes no fact"),
                        new Case(
                                "modify",
                                Checked.rule(CANDIDATE, "    modify($c) { };"),
                                "modify",
                                THEN_LINE,
                                5,
                                "a rule changes no fact"),
                        new Case(
                                "delete",
                                Checked.rule(CANDIDATE, "    delete($c);"),
                                "delete",
                                THEN_LINE,
                                5,
                                "a rule changes no fact"),
                        new Case(
                                "update",
                                Checked.rule(CANDIDATE, "    update($c);"),
                                "update",
                                THEN_LINE,
                                5,
                                "a rule changes no fact"),
                        new Case(
                                "drools",
                                Checked.rule(CANDIDATE, "    drools.halt();"),
                                "drools",
                                THEN_LINE,
                                5,
                                "reaches the engine only through verdicts"),
                        new Case(
                                "kcontext",
                                Checked.rule(CANDIDATE, "    kcontext.getKieRuntime();"),
                                "kcontext",
                                THEN_LINE,
                                5,
                                "reaches the engine only through verdicts"),
                        new Case(
                                "a bare lambda",
                                Checked.rule(CANDIDATE, "    verdicts.reject($c, String.valueOf(() -> 1));"),
                                "lambda",
                                THEN_LINE,
                                40,
                                "lambda is not allowed"),
                        new Case(
                                "a method reference",
                                Checked.rule(CANDIDATE, "    verdicts.reject($c, String.valueOf(String::valueOf));"),
                                "method reference",
                                THEN_LINE,
                                40,
                                "method reference is not allowed"),
                        new Case(
                                "eval",
                                Checked.rule(CANDIDATE + "\n    eval( true )", VERDICT),
                                "eval",
                                WHEN_LINE + 1,
                                5,
                                "eval(...) is not allowed"),
                        new Case(
                                "from",
                                Checked.rule("    $c : Candidate( ) from verdicts", VERDICT),
                                "from",
                                WHEN_LINE,
                                5,
                                "'from' is not allowed"),
                        new Case(
                                "accumulate",
                                Checked.rule(
                                        CANDIDATE + "\n    $n : Number() from accumulate( Candidate( $q :"
                                                + " node.quality ), sum( $q ) )",
                                        VERDICT),
                                "accumulate",
                                WHEN_LINE + 1,
                                5,
                                "'accumulate' is not allowed"),
                        new Case(
                                "a pattern type that is not a fact",
                                Checked.rule(CANDIDATE + "\n    Unknown( )", VERDICT),
                                "pattern type",
                                WHEN_LINE + 1,
                                5,
                                "'Unknown' is not a fact a rule may match"),
                        new Case(
                                "a second Candidate",
                                Checked.rule(CANDIDATE + "\n    Candidate( id != $c.id )", VERDICT),
                                "second Candidate",
                                WHEN_LINE + 1,
                                5,
                                "matches a second Candidate"),
                        new Case(
                                "matches",
                                Checked.rule("    $c : Candidate( node.isp matches \"(a+)+\" )", VERDICT),
                                "matches",
                                WHEN_LINE,
                                21,
                                "'matches' is not allowed"),
                        new Case(
                                "a fully qualified call in a condition",
                                Checked.rule(
                                        "    $c : Candidate( java.lang.Runtime.getRuntime().exec(\"x\") != null )",
                                        VERDICT),
                                "fully qualified name",
                                WHEN_LINE,
                                21,
                                "'java.lang.Runtime' names code outside the fact model"),
                        new Case(
                                "getClass in a condition",
                                Checked.rule("    $c : Candidate( node.getClass() != null )", VERDICT),
                                "Object method getClass",
                                WHEN_LINE,
                                21,
                                "'getClass()' is not allowed"),
                        new Case(
                                "new in a condition",
                                Checked.rule("    $c : Candidate( new java.io.File(\"x\").exists() )", VERDICT),
                                "new",
                                WHEN_LINE,
                                21,
                                "new is not allowed"),
                        new Case(
                                "an import outside the fact model",
                                Checked.HEADER + "import java.io.File;\n",
                                "import",
                                Checked.HEADER_LINES + 1,
                                1,
                                "'import java.io.File' is not allowed"),
                        new Case(
                                "a second global",
                                Checked.HEADER + "global java.util.List sink;\n",
                                "global",
                                Checked.HEADER_LINES + 1,
                                1,
                                "global 'sink' is not allowed"),
                        new Case(
                                "a function",
                                Checked.HEADER + "function void boom() { }\n",
                                "function",
                                Checked.HEADER_LINES + 1,
                                1,
                                "function 'boom' is not allowed"),
                        new Case(
                                "a query",
                                Checked.HEADER + "query \"all\" Candidate() end\n",
                                "query",
                                Checked.HEADER_LINES + 1,
                                1,
                                "query 'all' is not allowed"),
                        new Case(
                                "a declared type",
                                Checked.HEADER + "declare Box\n    name : String\nend\n",
                                "declare",
                                Checked.HEADER_LINES + 1,
                                9,
                                "'declare Box' is not allowed"),
                        new Case(
                                "the mvel dialect",
                                Checked.HEADER.replace("global", "dialect \"mvel\"\nglobal"),
                                "mvel dialect",
                                Checked.HEADER_LINES,
                                9,
                                "dialect \"mvel\" is not allowed"),
                        new Case(
                                "a unicode escape in a comment",
                                Checked.rule(CANDIDATE, "    // \\u000a new java.io.File(\"x\").delete();\n" + VERDICT),
                                "unicode escape",
                                THEN_LINE,
                                8,
                                "'\\u' escapes are not allowed anywhere"),
                        new Case(
                                "metadata that is code",
                                Checked.rule(CANDIDATE, VERDICT)
                                        .replace(
                                                "@code(\"tested\")",
                                                "@code(java.lang.System.getProperty(\"user.home\"))"),
                                "annotation value",
                                Checked.HEADER_LINES + 1,
                                1,
                                "must be a \"text\", a whole number or a single word"),
                        new Case(
                                "a salience that is code",
                                Checked.rule(CANDIDATE, VERDICT)
                                        .replace("@code(\"tested\")", "@code(\"tested\") salience ( $c.hashCode() )"),
                                "salience",
                                Checked.HEADER_LINES + 2,
                                71,
                                "salience must be a whole number"),
                        new Case(
                                "brackets nested too deep",
                                Checked.rule(
                                        "    $c : Candidate( " + "(".repeat(TextScan.MAX_NESTING) + "true"
                                                + ")".repeat(TextScan.MAX_NESTING) + " )",
                                        VERDICT),
                                "nesting",
                                WHEN_LINE,
                                20 + TextScan.MAX_NESTING,
                                "brackets nest more than 100 deep"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void eachRefusedConstructIsNamedWhereItIs(Case refused) {
        PolicyCheck.Outcome outcome = Checked.check("tested.drl", refused.text());

        assertThat(outcome.passed()).isFalse();
        Refusal first = outcome.refusals().get(0);
        assertThat(first.file()).isEqualTo("tested.drl");
        assertThat(first.construct()).isEqualTo(refused.construct());
        assertThat(first.message()).contains(refused.message());
        assertThat(List.of(first.line(), first.column()))
                .as("line and column of " + first)
                .containsExactly(refused.line(), refused.column());
    }

    static Stream<Arguments> admitted() {
        return Stream.of(
                        Checked.rule("    $c : Candidate( node.country == \"DE\", $n : node.id )", VERDICT),
                        Checked.rule(
                                "    AllocationRequest( $country : child.country, content.blockedCountries contains"
                                        + " $country )",
                                "    verdicts.deny(\"not in \" + $country.toLowerCase());"),
                        Checked.rule(
                                "    $c : Candidate( node.quality > 0.5 * 2, child.device memberOf"
                                        + " node.servesDevices )",
                                "    double weight = Math.max($c.getNode().getQuality(), 0.1);\n"
                                        + "    if (weight > 1) { verdicts.prefer($c, (int) weight, \"good\"); }\n"
                                        + "    else { verdicts.reject($c, String.join(\", \","
                                        + " $c.getNode().getServesDevices())); }"),
                        Checked.rule(
                                "    $r : ClassificationRequest( node.implementationName in (\"a\", \"b\") )",
                                "    verdicts.lightweight($r, \"x\");"),
                        Checked.rule(
                                "    $c : Candidate( node.servesDevice(child.device), !content.isBlockedIn("
                                        + "child.country) )\n    not AllocationRequest( congested )",
                                VERDICT))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("admitted")
    void whatTheSubsetAllowsPasses(String text) {
        assertThat(Checked.check("admitted.drl", text).refusals()).isEmpty();
    }
}
