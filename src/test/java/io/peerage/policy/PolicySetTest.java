package io.peerage.policy;

import static io.peerage.policy.Facts.candidate;
import static io.peerage.policy.Facts.cdn;
import static io.peerage.policy.Facts.peer;
import static io.peerage.policy.Facts.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerage.node.CapabilityFloor;
import io.peerage.node.Classification.ClassificationReason;
import io.peerage.policy.Facts.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How verdicts given in rules come out of an evaluation, and how a failing rule fails the request. */
class PolicySetTest {

    private final Node child = peer("child-1");
    private final Node cdn = cdn("cdn-1");
    private final Node peer = peer("peer-2");

    @Test
    void aRuleCallingPreferGivesThePreferenceWithTheRulesCodeAndWeight() {
        PolicySet policies = Policies.compile(Policies.file("network.drl", """
                rule "CDN nodes are preferred"
                    @kind(NETWORK) @strictness(SOFT) @rank(2) @code("prefer-cdn")
                when
                    $candidate : Candidate( node.cdn )
                then
                    verdicts.prefer($candidate, 25, "CDN nodes do not leave mid-stream");
                end

                rule "Distant peers are ranked lower"
                    @kind(NETWORK) @strictness(SOFT) @rank(3) @code("distant-peer")
                when
                    $candidate : Candidate( node.peer, distanceKm > 10 )
                then
                    verdicts.prefer($candidate, -5, "more than 10 km away");
                end
                """));

        PolicyEvaluation evaluation =
                policies.evaluate(request(child), List.of(candidate(cdn, child), candidate(peer, child)));

        assertThat(evaluation.preferencesOf("cdn-1"))
                .containsExactly(new Preference(
                        "prefer-cdn", "CDN nodes are preferred", 25, "CDN nodes do not leave mid-stream"));
        assertThat(evaluation.preferencesOf("peer-2"))
                .containsExactly(
                        new Preference("distant-peer", "Distant peers are ranked lower", -5, "more than 10 km away"));
        assertThat(evaluation.rejections()).isEmpty();
        assertThat(evaluation.denials()).isEmpty();
    }

    @Test
    void aRuleCallingDenyGivesADenialOfTheWholeRequest() {
        PolicySet policies = Policies.compile(Policies.file("provider.drl", """
                rule "Sports rights end at the border"
                    @kind(PROVIDER) @strictness(HARD) @rank(1) @code("not-licensed")
                    @label("content not licensed")
                when
                    $request : AllocationRequest( content.category == "SPORTS", $title : content.title )
                then
                    verdicts.deny($title + " is not licensed where the child is");
                end
                """));

        PolicyEvaluation evaluation =
                policies.evaluate(request(child), List.of(candidate(cdn, child), candidate(peer, child)));

        assertThat(evaluation.denials())
                .containsExactly(new Reason(
                        "not-licensed",
                        "Sports rights end at the border",
                        PolicyKind.PROVIDER,
                        Strictness.HARD,
                        1,
                        "content not licensed",
                        "Cup final is not licensed where the child is",
                        false));
        assertThat(evaluation.rejections()).isEmpty();
    }

    @Test
    void aRuleThatThrowsFailsTheEvaluationClosed() {
        PolicySet policies = Policies.compile(Policies.file("broken.drl", """
                rule "Reads past the end of the access list"
                    @kind(CLIENT) @strictness(HARD) @rank(1) @code("broken")
                when
                    $candidate : Candidate()
                then
                    verdicts.reject($candidate, "first allowed source " + $candidate.getChild().getAccessList().get(0));
                end
                """));

        assertThatThrownBy(() -> policies.evaluate(request(child), List.of(candidate(cdn, child))))
                .isInstanceOf(PolicyRuntimeException.class)
                .hasMessageStartingWith("policy evaluation failed: ")
                .hasRootCauseInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aClassificationRuleThatThrowsFailsTheClassificationClosed() {
        PolicySet policies = Policies.compile(Policies.file("broken.drl", """
                rule "Throws"
                    @kind(COMPATIBILITY) @strictness(HARD) @rank(1) @code("broken")
                when
                    $request : ClassificationRequest()
                then
                    verdicts.lightweight($request, "listed " + $request.getNode().getAccessList().get(3));
                end
                """));

        assertThatThrownBy(() -> policies.classify(peer.profile()))
                .isInstanceOf(PolicyRuntimeException.class)
                .hasMessageStartingWith("policy evaluation failed: ")
                .hasRootCauseInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aRuleThatWouldFireForeverIsRefusedBeforeItRuns() {
        // Re-matching its own fact is the one way a rule could fire without end; the check refuses it by name.
        List<PolicyProblem> problems = Policies.problems(Policies.file("loop.drl", """
                rule "Updates its candidate forever"
                    @kind(CLIENT) @strictness(SOFT) @rank(1) @code("loop")
                when
                    $candidate : Candidate()
                then
                    update($candidate);
                end
                """));

        assertThat(problems)
                .extracting(PolicyProblem::toString)
                .containsExactly("loop.drl:11:5: consequence: 'update' is not allowed: a rule changes no fact; it gives"
                        + " verdicts");
    }

    @Test
    void aRuleFiringTwiceOnTheSameCandidateRecordsTheRejectionOnce() {
        PolicySet policies = Policies.compile(Policies.file("client.drl", """
                rule "Not while another candidate is there"
                    @kind(CLIENT) @strictness(SOFT) @rank(4) @code("crowded")
                when
                    $candidate : Candidate()
                    ( AllocationRequest() or AllocationRequest( maxParents > 0 ) )
                then
                    verdicts.reject($candidate, "crowded");
                end
                """));

        PolicyEvaluation evaluation =
                policies.evaluate(request(child), List.of(candidate(cdn, child), candidate(peer, child)));

        Reason crowded = new Reason(
                "crowded",
                "Not while another candidate is there",
                PolicyKind.CLIENT,
                Strictness.SOFT,
                4,
                "crowded",
                "crowded",
                false);
        assertThat(evaluation.rejectionsOf("cdn-1")).containsExactly(crowded);
        assertThat(evaluation.rejectionsOf("peer-2")).containsExactly(crowded);
    }

    @Test
    void aDenyingRuleFiringOncePerCandidateRecordsTheDenialOnce() {
        PolicySet policies = Policies.compile(Policies.file("provider.drl", """
                rule "No live sports for anyone"
                    @kind(PROVIDER) @strictness(HARD) @rank(1) @code("no-live-sports")
                when
                    AllocationRequest( content.live )
                    Candidate()
                then
                    verdicts.deny("no live sports");
                end
                """));

        PolicyEvaluation evaluation =
                policies.evaluate(request(child), List.of(candidate(cdn, child), candidate(peer, child)));

        assertThat(evaluation.denials()).extracting(Reason::message).containsExactly("no live sports");
    }

    @Test
    void aPreferringRuleFiringTwiceOnTheSameCandidateCountsOnce() {
        // A rule states one preference per candidate, however many matches lead to it.
        PolicySet policies = Policies.compile(Policies.file("network.drl", """
                rule "Prefer once per other candidate"
                    @kind(NETWORK) @strictness(SOFT) @rank(2) @code("per-other")
                when
                    $candidate : Candidate( node.cdn )
                    ( AllocationRequest() or AllocationRequest( maxParents > 0 ) )
                then
                    verdicts.prefer($candidate, 10, "per other");
                end
                """));

        PolicyEvaluation evaluation =
                policies.evaluate(request(child), List.of(candidate(cdn, child), candidate(peer, child)));

        assertThat(evaluation.preferencesOf("cdn-1"))
                .extracting(Preference::weight)
                .containsExactly(10);
    }

    @Test
    void aClassificationRuleAddsToTheFloorAndNeverRemovesIt() {
        PolicySet policies = Policies.compile(Policies.file("classification.drl", """
                rule "Desktop peers are lightweight"
                    @kind(COMPATIBILITY) @strictness(HARD) @rank(1) @code("desktop-peer")
                when
                    $request : ClassificationRequest( node.device == "DESKTOP" )
                then
                    verdicts.lightweight($request, "desktop peers are lightweight here");
                end
                """));

        assertThat(policies.classify(peer("p1").cannotForward().profile()).reasons())
                .containsExactly(
                        new ClassificationReason(
                                "desktop-peer", "Desktop peers are lightweight", "desktop peers are lightweight here"),
                        new ClassificationReason("cannot-forward", CapabilityFloor.RULE, "cannot forward content"));
    }

    @Test
    void anEvaluationCarriesTheVersionOfItsPolicySet() {
        PolicySet policies = Policies.compile(Policies.rulesFolder());

        assertThat(policies.evaluate(request(child), List.of()).policyVersion()).isEqualTo(policies.number());
    }
}
