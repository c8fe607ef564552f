package io.peerage.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.audit.CandidateExplanation;
import io.peerage.audit.Decision;
import io.peerage.audit.Outcome;
import io.peerage.audit.Verdict;
import io.peerage.node.Classification;
import io.peerage.policy.PolicyKind;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import io.peerage.support.Profiles;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A repair that drops forbidden pairs names every forbidden parent, with its reasons and the cause. */
class ForbiddenPairsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Reason QUIET = new Reason(
            "quiet-hours",
            "A node does not serve during its quiet hours",
            PolicyKind.CLIENT,
            Strictness.HARD,
            8,
            "in its quiet hours",
            "p-1 does not serve during its quiet hours, 09:00-17:00 UTC",
            false);
    private static final Reason NO_SPARE = new Reason(
            "no-spare-uplink",
            "no-spare-uplink",
            PolicyKind.FEASIBILITY,
            Strictness.HARD,
            0,
            "not enough spare uplink",
            "p-1 has 0 kbps spare",
            false);
    private static final String CAUSE = "policy version 3 forbids this pair";

    private static CandidateExplanation candidate(
            String id, Verdict verdict, long rate, List<Reason> reasons, String note) {
        return new CandidateExplanation(id, "CLIENT", "REGULAR", verdict, 1000, rate, reasons, List.of(), null, note);
    }

    private static Decision decision(List<CandidateExplanation> candidates, String summary) {
        return new Decision(
                "a-1",
                "child",
                "match-1",
                NOW,
                3,
                Outcome.ALLOCATED,
                500,
                500,
                summary,
                List.of(),
                List.of(),
                candidates,
                0,
                Map.of());
    }

    private record Case(String name, Decision given, List<CandidateExplanation> candidates, String summary) {}

    @Test
    void every_forbidden_parent_is_on_record_with_its_reasons_and_the_cause() {
        Swarm swarm = new Swarm();
        swarm.join(Profiles.client("p-1", 2000), Classification.regular(), NOW);
        CandidateExplanation replacement = candidate("p-2", Verdict.ASSIGNED, 500, List.of(), null);
        List<Case> cases = List.of(
                new Case(
                        "the walk did not meet it: added, rejected with the rule's reason",
                        decision(List.of(replacement), "1 of 1 candidates eligible"),
                        List.of(
                                replacement,
                                new CandidateExplanation(
                                        "p-1",
                                        "CLIENT",
                                        "REGULAR",
                                        Verdict.REJECTED,
                                        2000,
                                        0,
                                        List.of(QUIET),
                                        List.of(),
                                        null,
                                        CAUSE)),
                        "1 of 2 candidates eligible: 1 in its quiet hours (CLIENT)"),
                new Case(
                        "the walk met it for the same rule: the reason is not repeated, the cause is its note",
                        decision(
                                List.of(candidate("p-1", Verdict.REJECTED, 0, List.of(QUIET), null), replacement),
                                "1 of 2 candidates eligible: 1 in its quiet hours (CLIENT)"),
                        List.of(candidate("p-1", Verdict.REJECTED, 0, List.of(QUIET), CAUSE), replacement),
                        "1 of 2 candidates eligible: 1 in its quiet hours (CLIENT)"),
                new Case(
                        "the walk met it for another reason: both reasons are on record",
                        decision(
                                List.of(candidate("p-1", Verdict.REJECTED, 0, List.of(NO_SPARE), null), replacement),
                                "1 of 2 candidates eligible: 1 not enough spare uplink (FEASIBILITY)"),
                        List.of(candidate("p-1", Verdict.REJECTED, 0, List.of(NO_SPARE, QUIET), CAUSE), replacement),
                        "1 of 2 candidates eligible: 1 in its quiet hours (CLIENT), 1 not enough spare uplink"
                                + " (FEASIBILITY)"));
        ForbiddenPairs forbidden = new ForbiddenPairs(Map.of("p-1", List.of(QUIET)), CAUSE);
        for (Case c : cases) {
            Decision recorded = forbidden.onRecord(c.given(), swarm);
            assertThat(recorded.candidates()).as(c.name()).isEqualTo(c.candidates());
            assertThat(recorded.summary()).as(c.name()).isEqualTo(c.summary());
            assertThat(recorded.outcome()).as(c.name()).isEqualTo(Outcome.ALLOCATED);
        }
    }

    @Test
    void a_repair_for_another_cause_is_recorded_as_the_pipeline_decided() {
        Decision decision = decision(List.of(candidate("p-2", Verdict.ASSIGNED, 500, List.of(), null)), "1 of 1");
        assertThat(ForbiddenPairs.NONE.onRecord(decision, new Swarm())).isSameAs(decision);
    }
}
