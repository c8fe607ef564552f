package io.peerage.upkeep;

import io.peerage.audit.CandidateExplanation;
import io.peerage.audit.Decision;
import io.peerage.audit.SummaryLine;
import io.peerage.audit.Verdict;
import io.peerage.policy.Reason;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parents of one allocation that the policies forbid, each with the HARD reasons that forbid it, and what made them
 * forbidden (a new version, or the clock for rules that read it). On the record of the repair that drops them, every
 * forbidden parent is among the decision's candidates, rejected with those reasons and the cause as its note, whether
 * or not the repair's own walk met it again: the explanation of a {@code POLICY_CHANGE} revision always says which
 * rule ended which pair, and why now.
 */
public record ForbiddenPairs(Map<String, List<Reason>> forbidden, String cause) {

    static final ForbiddenPairs NONE = new ForbiddenPairs(Map.of(), null);

    public ForbiddenPairs {
        forbidden = Map.copyOf(forbidden);
    }

    Decision onRecord(Decision decision, Swarm swarm) {
        if (forbidden.isEmpty()) {
            return decision;
        }
        List<CandidateExplanation> candidates = new ArrayList<>(decision.candidates());
        forbidden.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            Optional<CandidateExplanation> met = decision.candidate(entry.getKey());
            if (met.isPresent()) {
                CandidateExplanation was = met.get();
                List<Reason> reasons = new ArrayList<>(was.reasons());
                entry.getValue().stream()
                        .filter(reason -> reasons.stream()
                                .noneMatch(had -> had.rule().equals(reason.rule())
                                        && had.message().equals(reason.message())))
                        .forEach(reasons::add);
                candidates.set(
                        candidates.indexOf(was),
                        new CandidateExplanation(
                                was.nodeId(),
                                was.kind(),
                                was.peerType(),
                                Verdict.REJECTED,
                                was.spareUplinkKbps(),
                                0,
                                List.copyOf(reasons),
                                was.preferences(),
                                was.score(),
                                cause));
                return;
            }
            Optional<LiveNode> parent = swarm.node(entry.getKey());
            candidates.add(new CandidateExplanation(
                    entry.getKey(),
                    parent.map(node -> node.profile().kind().name()).orElse(null),
                    parent.map(node -> node.classification().peerType().name()).orElse(null),
                    Verdict.REJECTED,
                    parent.map(LiveNode::spareKbps).orElse(0L),
                    0,
                    List.copyOf(entry.getValue()),
                    List.of(),
                    null,
                    cause));
        });
        return decision.withCandidates(candidates, SummaryLine.of(candidates, decision.denials()));
    }
}
