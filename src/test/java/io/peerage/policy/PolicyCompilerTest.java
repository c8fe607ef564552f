package io.peerage.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the compiler refuses, and how it tells a policy author where and why. */
class PolicyCompilerTest {

    static final String ALL_METADATA = "@kind(COMPATIBILITY) @strictness(HARD) @rank(1) @code(\"no-forward\")";

    /** The line of a rule header in a file written with {@link #file(String, String...)}: after the 5-line header. */
    static final int FIRST_RULE_LINE = 6;

    @Test
    void aSyntaxErrorIsReportedWithFileLineAndColumn() {
        PolicyFile broken = PolicyFile.of("broken.drl", """
                package peerage.test;
                import io.peerage.policy.fact.Candidate;
                global io.peerage.policy.Verdicts verdicts;

                rule "Broken"
                    @kind(COMPATIBILITY) @strictness(HARD) @rank(1) @code("broken")
                when
                    $candidate : Candidate( node.canForward == )
                then
                    verdicts.reject($candidate, "broken");
                end
                """);

        List<PolicyProblem> problems = Policies.problems(broken);

        assertThat(problems).first().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("broken.drl");
            assertThat(problem.line()).isEqualTo(8);
            // 1-based: the ")" after "==" is the 48th character of the line
            assertThat(problem.column()).isEqualTo(48);
            assertThat(problem.message()).contains("no viable alternative at input ')'", "in rule \"Broken\"");
        });
    }

    @Test
    void aMissingSemicolonInAConsequenceIsReportedWhereTheConsequenceStarts() {
        List<PolicyProblem> problems = Policies.problems(Policies.file("consequence.drl", """
                rule "Missing semicolon"
                    %s
                when
                    $candidate : Candidate( !node.canForward )
                then
                    verdicts.reject($candidate, "cannot forward")
                end
                """.formatted(ALL_METADATA)));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("consequence.drl");
            assertThat(problem.line()).as("the consequence's first line").isEqualTo(FIRST_RULE_LINE + 5);
            assertThat(problem.column()).isEqualTo(5);
            assertThat(problem.message())
                    .startsWith("the consequence is not Java that the check can read: Parse error.")
                    .contains("expected one of", "\";\"");
        });
    }

    @Test
    void aReferenceToAnUnknownFactFieldIsReportedWithFileAndLine() {
        List<PolicyProblem> problems = Policies.problems(Policies.file("unknown.drl", """
                rule "Unknown field"
                    %s
                when
                    $candidate : Candidate( node.canFly )
                then
                    verdicts.reject($candidate, "cannot fly");
                end
                """.formatted(ALL_METADATA)));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("unknown.drl");
            assertThat(problem.line()).as("the line of the pattern").isEqualTo(FIRST_RULE_LINE + 3);
            assertThat(problem.column()).as("where node.canFly starts").isEqualTo(29);
            assertThat(problem.message())
                    .isEqualTo("rule \"Unknown field\": NodeFacts has no property 'canFly' a rule may read");
        });
    }

    static Stream<Arguments> badMetadata() {
        return Stream.of(
                argumentSet(
                        "a rule without @kind is told the kinds it may declare",
                        "@strictness(HARD) @rank(1) @code(\"x\")",
                        List.of("rule \"R\" has no @kind(...): one of [COMPATIBILITY, NETWORK, PROVIDER, CLIENT]")),
                argumentSet(
                        "a rule without @strictness is told the strictness it may declare",
                        "@kind(NETWORK) @rank(1) @code(\"x\")",
                        List.of("rule \"R\" has no @strictness(...): one of [HARD, SOFT]")),
                argumentSet(
                        "a rule without @rank is told it needs one",
                        "@kind(NETWORK) @strictness(SOFT) @code(\"x\")",
                        List.of("rule \"R\" has no @rank(n): every rule needs a rank for relaxation order")),
                argumentSet(
                        "a rule without @code is told it needs one",
                        "@kind(NETWORK) @strictness(SOFT) @rank(2)",
                        List.of("rule \"R\" has no @code(\"...\"): every rule needs a stable reason code")),
                argumentSet(
                        "a rule without any metadata is told everything that is missing",
                        "",
                        List.of(
                                "rule \"R\" has no @kind(...): one of [COMPATIBILITY, NETWORK, PROVIDER, CLIENT]",
                                "rule \"R\" has no @strictness(...): one of [HARD, SOFT]",
                                "rule \"R\" has no @code(\"...\"): every rule needs a stable reason code",
                                "rule \"R\" has no @rank(n): every rule needs a rank for relaxation order")),
                argumentSet(
                        "an unknown @kind lists the allowed ones",
                        "@kind(SECURITY) @strictness(HARD) @rank(1) @code(\"x\")",
                        List.of(
                                "rule \"R\": @kind(SECURITY) is not one of [COMPATIBILITY, NETWORK, PROVIDER, CLIENT]")),
                argumentSet(
                        "@kind(FEASIBILITY) is reserved for the engine",
                        "@kind(FEASIBILITY) @strictness(HARD) @rank(1) @code(\"x\")",
                        List.of("rule \"R\": @kind(FEASIBILITY) is reserved for the engine's own checks")),
                argumentSet(
                        "an unknown @strictness lists the allowed ones",
                        "@kind(CLIENT) @strictness(STRICT) @rank(1) @code(\"x\")",
                        List.of("rule \"R\": @strictness(STRICT) is not one of [HARD, SOFT]")),
                argumentSet(
                        "a @rank that is not a whole number is refused",
                        "@kind(CLIENT) @strictness(SOFT) @rank(high) @code(\"x\")",
                        List.of("rule \"R\": @rank(high) must be a whole number")),
                argumentSet(
                        "a @code that is not lower-case words joined by '-' is refused",
                        "@kind(CLIENT) @strictness(SOFT) @rank(1) @code(\"Not_Allowed\")",
                        List.of("rule \"R\": @code(\"Not_Allowed\") must be lower-case words joined by '-', such as"
                                + " \"not-on-access-list\"")));
    }

    @ParameterizedTest
    @MethodSource("badMetadata")
    void aRuleWithMissingOrInvalidMetadataIsRefusedNamingTheRule(String metadata, List<String> messages) {
        List<PolicyProblem> problems = Policies.problems(Policies.file("meta.drl", rule("R", metadata)));

        assertThat(problems)
                .containsExactlyElementsOf(messages.stream()
                        .map(message -> new PolicyProblem("meta.drl", FIRST_RULE_LINE, 1, message))
                        .toList());
    }

    @Test
    void metadataIsReadWhateverTheCaseOfEnumsAndWithQuotedOrBareValues() {
        PolicySet set = Policies.compile(Policies.file(
                "meta.drl",
                rule(
                        "Prefer the same ISP",
                        "@kind(network) @strictness(soft) @rank(\"3\") @code(same-isp)"
                                + " @label(\"different ISP\") @description(\"Traffic stays inside one ISP\")")));

        assertThat(set.rules())
                .containsExactly(java.util.Map.entry(
                        "Prefer the same ISP",
                        new RuleMetadata(
                                "Prefer the same ISP",
                                "meta.drl",
                                "same-isp",
                                "different ISP",
                                PolicyKind.NETWORK,
                                Strictness.SOFT,
                                3,
                                "Traffic stays inside one ISP")));
    }

    @Test
    void aRuleWithoutALabelIsCountedUnderItsCode() {
        PolicySet set = Policies.compile(Policies.file("meta.drl", rule("R", ALL_METADATA)));

        assertThat(set.rules().get("R").label()).isEqualTo("no-forward");
        assertThat(set.rules().get("R").description()).isEmpty();
    }

    @Test
    void duplicateRuleNamesAcrossTwoFilesAreRefusedNamingBothLocations() {
        PolicyFile first = Policies.file("first.drl", rule("Same name", ALL_METADATA));
        PolicyFile second = PolicyFile.of(
                "second.drl",
                Policies.HEADER.replace("package peerage.test;", "package peerage.other;")
                        + rule("Another", ALL_METADATA)
                        + rule("Same name", ALL_METADATA));

        List<PolicyProblem> problems = Policies.problems(first, second);

        assertThat(problems)
                .containsExactly(new PolicyProblem(
                        "second.drl",
                        FIRST_RULE_LINE + 8,
                        1,
                        "duplicate rule name \"Same name\": already declared at first.drl:" + FIRST_RULE_LINE
                                + ". Rule names must be unique across all policy files"));
    }

    @Test
    void duplicateRuleNamesInTheSamePackageAreAlsoReportedByDrools() {
        PolicyFile first = Policies.file("first.drl", rule("Same name", ALL_METADATA));
        PolicyFile second = Policies.file("second.drl", rule("Same name", ALL_METADATA));

        assertThat(Policies.problems(first, second))
                .containsExactly(
                        new PolicyProblem(
                                "second.drl",
                                FIRST_RULE_LINE,
                                1,
                                "duplicate rule name \"Same name\": already declared at first.drl:" + FIRST_RULE_LINE
                                        + ". Rule names must be unique across all policy files"),
                        new PolicyProblem("second.drl", FIRST_RULE_LINE, 1, "Duplicate rule name: Same name"));
    }

    @Test
    void rulesGivingVerdictsWithoutTheGlobalDeclarationAreRefused() {
        PolicyFile noGlobal = PolicyFile.of(
                "no-global.drl", "package peerage.test;\nimport io.peerage.policy.fact.*;\n" + rule("R", ALL_METADATA));

        assertThat(Policies.problems(noGlobal)).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("no-global.drl");
            assertThat(problem.line()).isEqualTo(3);
            assertThat(problem.message()).contains("verdicts cannot be resolved");
        });
    }

    @Test
    void rulesWithoutTheGlobalDeclarationAreRefusedEvenWhenTheyGiveNoVerdict() {
        PolicyFile noGlobal = PolicyFile.of("no-global.drl", """
                package peerage.test;
                import io.peerage.policy.fact.*;

                rule "Says nothing"
                    %s
                when
                    Candidate()
                then
                end
                """.formatted(ALL_METADATA));

        assertThat(Policies.problems(noGlobal))
                .containsExactly(new PolicyProblem(
                        "no-global.drl",
                        1,
                        1,
                        "no file declares 'global io.peerage.policy.Verdicts verdicts;'. Maybe the line was deleted?"
                                + " Rules give their verdicts through it"));
    }

    @Test
    void theVerdictsGlobalMustHaveTheVerdictsType() {
        PolicyFile wrongType = PolicyFile.of("wrong-type.drl", """
                package peerage.test;
                import io.peerage.policy.fact.*;
                global java.util.List verdicts;

                rule "Says nothing"
                    %s
                when
                    Candidate()
                then
                end
                """.formatted(ALL_METADATA));

        assertThat(Policies.problems(wrongType))
                .containsExactly(new PolicyProblem(
                        "wrong-type.drl",
                        3,
                        1,
                        "global 'verdicts' must have type io.peerage.policy.Verdicts, not java.util.List"));
    }

    @Test
    void aValidSetHasAVersionThatChangesOnlyWithItsFiles() {
        List<PolicyFile> files = Policies.rulesFolder();
        PolicyFile compatibility = Policies.read("compatibility.drl");
        PolicyFile edited = PolicyFile.of(compatibility.name(), compatibility.text() + "\n// reviewed\n");

        String version = Policies.compile(files).checksum();

        assertThat(version).matches("[0-9a-f]{16}");
        assertThat(Policies.compile(Policies.rulesFolder()).checksum())
                .as("the same files read again")
                .isEqualTo(version);
        assertThat(Policies.compile(Policies.read("classification.drl"), edited).checksum())
                .as("a comment added")
                .isNotEqualTo(version);
        assertThat(Policies.compile(PolicyFile.of("compat.drl", compatibility.text()))
                        .checksum())
                .as("the same text under another name")
                .isNotEqualTo(Policies.compile(compatibility).checksum());
    }

    @Test
    void compilingNoFilesGivesAnEmptyValidSet() {
        PolicyCompiler.Result result = Policies.compiler().compile(List.of());

        assertThat(result.isValid()).isTrue();
        assertThat(result.problems()).isEmpty();
        PolicySet empty = result.policySet().orElseThrow();
        assertThat(empty.rules()).isEmpty();
        assertThat(empty.files()).isEmpty();
        assertThat(empty.checksum())
                .isEqualTo(Policies.compiler()
                        .compile(List.of())
                        .policySet()
                        .orElseThrow()
                        .checksum());

        Facts.Node child = Facts.peer("child-1").cannotAcceptIncoming();
        PolicyEvaluation evaluation = empty.evaluate(
                Facts.request(child),
                List.of(Facts.candidate(Facts.peer("peer-2").cannotForward(), child)));
        assertThat(evaluation.rejections()).isEmpty();
        assertThat(evaluation.denials()).isEmpty();
    }

    /** A rule rejecting candidates that cannot forward, with the given metadata; 8 lines long. */
    static String rule(String name, String metadata) {
        return """
                rule "%s"
                    %s
                when
                    $candidate : Candidate( !node.canForward )
                then
                    verdicts.reject($candidate, "cannot forward");
                end

                """.formatted(name, metadata);
    }
}
