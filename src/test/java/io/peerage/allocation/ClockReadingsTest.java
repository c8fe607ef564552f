package io.peerage.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyFile;
import io.peerage.policy.PolicySet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sweep reads of a pair for rules that read the clock: only the chains that pass through the clock. */
class ClockReadingsTest {

    private static final String HEADER = """
            package peerage.test;

            import io.peerage.policy.fact.*;
            global io.peerage.policy.Verdicts verdicts;

            """;

    private record Case(String name, String rules, List<String> chains) {}

    private static PolicySet compile(PolicyFile... files) {
        PolicyCompiler.Result result =
                new PolicyCompiler(ClockReadingsTest.class.getClassLoader()).compile(List.of(files));
        assertThat(result.problems()).isEmpty();
        return result.policySet().orElseThrow();
    }

    @Test
    void only_the_clock_dependent_chains_of_clock_reading_rules_are_read() {
        List<Case> cases = List.of(
                new Case("a rule that reads no clock: nothing to read", """
                        rule "Iceland" @kind(NETWORK) @strictness(HARD) @rank(5) @code("iceland")
                        when $c : Candidate( node.country == "IS" ) then verdicts.reject($c, "no"); end
                        """, List.of()),
                new Case(
                        "quiet hours: the parent's clock reading, not the hours it declared",
                        """
                        rule "Quiet" @kind(CLIENT) @strictness(HARD) @rank(8) @code("quiet")
                        when $c : Candidate( node.inQuietHours, $h : node.quietHours ) then verdicts.reject($c, $h); end
                        """,
                        List.of("Candidate.node.inQuietHours")),
                new Case(
                        "the hour of the request, and the child's local hour",
                        """
                        rule "Night" @kind(NETWORK) @strictness(HARD) @rank(5) @code("night")
                        when
                            AllocationRequest( hourOfDay < 6 )
                            $c : Candidate( child.localHourOfDay > 22, node.country == "DE" )
                        then verdicts.reject($c, "night"); end
                        """,
                        List.of("AllocationRequest.hourOfDay", "Candidate.child.localHourOfDay")));
        for (Case c : cases) {
            PolicySet set = compile(PolicyFile.of("case.drl", HEADER + c.rules()));
            assertThat(ClockReadings.of(set).names()).as(c.name()).isEqualTo(c.chains());
        }
    }

    @Test
    void the_shipped_rules_read_the_clock_only_for_quiet_hours() throws IOException {
        List<PolicyFile> files;
        try (var paths = Files.list(Path.of("rules"))) {
            files = paths.filter(path -> path.toString().endsWith(".drl"))
                    .sorted()
                    .map(path -> {
                        try {
                            return PolicyFile.of(path.getFileName().toString(), Files.readString(path));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
        PolicySet set = compile(files.toArray(PolicyFile[]::new));
        assertThat(ClockReadings.of(set).names()).containsExactly("Candidate.node.inQuietHours");
    }
}
