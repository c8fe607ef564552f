package io.peerage.allocation;

import io.peerage.audit.CandidateExplanation;
import io.peerage.audit.Score;
import io.peerage.audit.Verdict;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.fact.Candidate;
import io.peerage.swarm.LiveNode;
import java.util.ArrayList;
import java.util.List;

/** One candidate as it moves through the pipeline of one request; it becomes a {@link CandidateExplanation}. */
final class Considered {

    final LiveNode node;
    final Candidate fact;
    final long spareKbps;
    final List<Reason> reasons = new ArrayList<>();
    final List<Preference> preferences = new ArrayList<>();
    Score score;
    Verdict verdict;
    long rateKbps;
    String note;

    Considered(LiveNode node, Candidate fact, long spareKbps) {
        this.node = node;
        this.fact = fact;
        this.spareKbps = spareKbps;
    }

    String id() {
        return node.id();
    }

    void reject(RuleMetadata rule, String message) {
        reasons.add(Reason.of(rule, message));
    }

    /** Eligible when every reason against it has been relaxed. */
    boolean isEligible() {
        // Asked for every candidate at every step of the pipeline: a loop, not a stream.
        for (int i = 0; i < reasons.size(); i++) {
            if (!reasons.get(i).relaxed()) {
                return false;
            }
        }
        return true;
    }

    /** Marks the reasons of one rule as relaxed; true when it had any. */
    boolean relax(String ruleName) {
        boolean any = false;
        for (int i = 0; i < reasons.size(); i++) {
            Reason reason = reasons.get(i);
            if (reason.rule().equals(ruleName) && !reason.relaxed()) {
                reasons.set(i, reason.asRelaxed());
                any = true;
            }
        }
        return any;
    }

    CandidateExplanation explain() {
        return new CandidateExplanation(
                id(),
                node.profile().kind().name(),
                node.classification().peerType().name(),
                verdict,
                spareKbps,
                rateKbps,
                List.copyOf(reasons),
                List.copyOf(preferences),
                score,
                note);
    }
}
