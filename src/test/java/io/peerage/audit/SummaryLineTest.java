package io.peerage.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.policy.PolicyKind;
import io.peerage.policy.Reason;
import io.peerage.policy.Strictness;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-line summary of a decision, counted the way a scheduler counts. */
class SummaryLineTest {

    private static final Reason LIGHTWEIGHT_PAIR = reason(
            "lightweight-to-lightweight", "lightweight-to-lightweight", PolicyKind.COMPATIBILITY, Strictness.HARD);
    private static final Reason NOT_ON_ACCESS_LIST =
            reason("not-on-access-list", "not on the child's access list", PolicyKind.COMPATIBILITY, Strictness.HARD);
    private static final Reason DIFFERENT_ISP =
            reason("different-isp", "different ISP", PolicyKind.NETWORK, Strictness.SOFT);
    private static final Reason NO_SPARE_UPLINK =
            reason("no-spare-uplink", "not enough spare uplink", PolicyKind.FEASIBILITY, Strictness.HARD);

    @Test
    void countsRejectionsPerLabelMostFirst() {
        List<CandidateExplanation> candidates = List.of(
                rejected("p1", LIGHTWEIGHT_PAIR),
                rejected("p2", NOT_ON_ACCESS_LIST),
                rejected("p3", LIGHTWEIGHT_PAIR),
                rejected("p4", NO_SPARE_UPLINK),
                rejected("p5", LIGHTWEIGHT_PAIR),
                rejected("p6", NOT_ON_ACCESS_LIST),
                assigned("cdn-1"),
                outranked("cdn-2"));

        assertThat(SummaryLine.of(candidates, List.of()))
                .isEqualTo("2 of 8 candidates eligible: 3 lightweight-to-lightweight (COMPATIBILITY),"
                        + " 2 not on the child's access list (COMPATIBILITY), 1 not enough spare uplink (FEASIBILITY)");
    }

    @Test
    void equalCountsAreSortedByLabel() {
        List<CandidateExplanation> candidates = List.of(
                rejected("p1", NOT_ON_ACCESS_LIST), rejected("p2", DIFFERENT_ISP), rejected("p3", LIGHTWEIGHT_PAIR));

        assertThat(SummaryLine.of(candidates, List.of()))
                .isEqualTo("0 of 3 candidates eligible: 1 different ISP (NETWORK),"
                        + " 1 lightweight-to-lightweight (COMPATIBILITY), 1 not on the child's access list"
                        + " (COMPATIBILITY)");
    }

    @Test
    void theSameLabelUnderTwoKindsIsCountedApart() {
        Reason engineNoSpare = reason("no-spare", "not enough spare uplink", PolicyKind.NETWORK, Strictness.HARD);
        List<CandidateExplanation> candidates = List.of(
                rejected("p1", NO_SPARE_UPLINK), rejected("p2", engineNoSpare), rejected("p3", NO_SPARE_UPLINK));

        assertThat(SummaryLine.of(candidates, List.of()))
                .isEqualTo("0 of 3 candidates eligible: 2 not enough spare uplink (FEASIBILITY),"
                        + " 1 not enough spare uplink (NETWORK)");
    }

    @Test
    void aCandidateWithTwoReasonsCountsUnderBoth() {
        List<CandidateExplanation> candidates =
                List.of(rejected("p1", LIGHTWEIGHT_PAIR, NOT_ON_ACCESS_LIST), rejected("p2", LIGHTWEIGHT_PAIR));

        assertThat(SummaryLine.of(candidates, List.of()))
                .isEqualTo("0 of 2 candidates eligible: 2 lightweight-to-lightweight (COMPATIBILITY),"
                        + " 1 not on the child's access list (COMPATIBILITY)");
    }

    @Test
    void twoReasonsWithTheSameLabelCountACandidateOnce() {
        Reason engineLightweightPair = new Reason(
                "engine-lightweight-pair",
                "Engine: two lightweight peers are never paired",
                PolicyKind.COMPATIBILITY,
                Strictness.HARD,
                0,
                "lightweight-to-lightweight",
                "both lightweight",
                false);

        assertThat(SummaryLine.of(List.of(rejected("p1", LIGHTWEIGHT_PAIR, engineLightweightPair)), List.of()))
                .isEqualTo("0 of 1 candidates eligible: 1 lightweight-to-lightweight (COMPATIBILITY)");
    }

    @Test
    void relaxedReasonsAreNotCounted() {
        List<CandidateExplanation> candidates = List.of(
                assigned("p1", DIFFERENT_ISP.asRelaxed()),
                outranked("p2", DIFFERENT_ISP.asRelaxed()),
                rejected("p3", DIFFERENT_ISP.asRelaxed(), NO_SPARE_UPLINK));

        assertThat(SummaryLine.of(candidates, List.of()))
                .isEqualTo("2 of 3 candidates eligible: 1 not enough spare uplink (FEASIBILITY)");
    }

    @Test
    void assignedAndOutrankedCandidatesCountAsEligible() {
        List<CandidateExplanation> candidates = List.of(assigned("cdn-1"), outranked("p1"), outranked("p2"));

        assertThat(SummaryLine.of(candidates, List.of())).isEqualTo("3 of 3 candidates eligible");
    }

    @Test
    void noCandidates() {
        assertThat(SummaryLine.of(List.of(), List.of())).isEqualTo("0 of 0 candidates eligible");
    }

    @Test
    void aDeniedRequestNamesTheDenialsInsteadOfCounting() {
        Reason notLicensed = reason("not-licensed", "content not licensed", PolicyKind.PROVIDER, Strictness.HARD);

        assertThat(SummaryLine.of(List.of(rejected("p1", LIGHTWEIGHT_PAIR)), List.of(notLicensed)))
                .isEqualTo("request denied: content not licensed (PROVIDER)");
    }

    @Test
    void severalDenialsAreListedInTheirOrder() {
        Reason notLicensed = reason("not-licensed", "content not licensed", PolicyKind.PROVIDER, Strictness.HARD);
        Reason tooYoung = reason("age-rating", "viewer too young", PolicyKind.CLIENT, Strictness.HARD);

        assertThat(SummaryLine.of(List.of(), List.of(notLicensed, tooYoung)))
                .isEqualTo("request denied: content not licensed (PROVIDER), viewer too young (CLIENT)");
    }

    private static Reason reason(String code, String label, PolicyKind kind, Strictness strictness) {
        return new Reason(code, "Rule " + code, kind, strictness, 1, label, "message of " + code, false);
    }

    private static CandidateExplanation rejected(String nodeId, Reason... reasons) {
        return explanation(nodeId, Verdict.REJECTED, reasons);
    }

    private static CandidateExplanation assigned(String nodeId, Reason... reasons) {
        return explanation(nodeId, Verdict.ASSIGNED, reasons);
    }

    private static CandidateExplanation outranked(String nodeId, Reason... reasons) {
        return explanation(nodeId, Verdict.OUTRANKED, reasons);
    }

    private static CandidateExplanation explanation(String nodeId, Verdict verdict, Reason... reasons) {
        boolean eligible = verdict != Verdict.REJECTED;
        return new CandidateExplanation(
                nodeId,
                nodeId.startsWith("cdn") ? "CDN" : "CLIENT",
                "REGULAR",
                verdict,
                10_000,
                eligible ? 3_000 : 0,
                Arrays.asList(reasons),
                List.of(),
                eligible ? new Score(1.0, Map.of("sameIsp", 1.0)) : null,
                verdict == Verdict.OUTRANKED ? "others covered the rate first" : null);
    }
}
