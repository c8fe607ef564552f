package io.peerage.allocation;

import io.peerage.audit.CandidateExplanation;
import io.peerage.audit.Decision;
import io.peerage.audit.DecisionStore;
import io.peerage.audit.Verdict;
import io.peerage.content.Content;
import io.peerage.content.ContentCatalog;
import io.peerage.error.NotFoundException;
import io.peerage.node.NodeEntity;
import io.peerage.policy.PolicyEngine;
import io.peerage.policy.Reason;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers "why was Y not chosen for X?": from the latest decision about X when Y was a candidate in it; otherwise from
 * the current state, checked the way the pipeline would check it, and labelled as such.
 */
@ApplicationScoped
public class WhyNot {

    /** Where an answer comes from. */
    public enum Source {
        DECISION,
        CURRENT_STATE
    }

    /**
     * The answer.
     *
     * @param chosen true when Y was in fact chosen in that decision
     * @param decisionId the decision the answer comes from, or the latest about the child when it comes from the
     *     current state (null when there is none)
     */
    public record Answer(
            String childId,
            String parentId,
            String contentId,
            Source source,
            String decisionId,
            boolean chosen,
            Verdict verdict,
            String summary,
            List<Reason> reasons,
            String note) {}

    private final Swarm swarm;
    private final ContentCatalog contents;
    private final DecisionStore decisions;
    private final PolicyEngine policies;
    private final Clock clock;
    private final AllocationSettings settings;
    private final BarredPairs barred;

    WhyNot(
            Swarm swarm,
            ContentCatalog contents,
            DecisionStore decisions,
            PolicyEngine policies,
            Clock clock,
            AllocationSettings settings,
            BarredPairs barred) {
        this.swarm = swarm;
        this.contents = contents;
        this.decisions = decisions;
        this.policies = policies;
        this.clock = clock;
        this.settings = settings;
        this.barred = barred;
    }

    public Answer explain(String childId, String parentId, String contentId) {
        requireKnown(childId);
        requireKnown(parentId);
        if (contentId != null && contents.find(contentId).isEmpty()) {
            throw new NotFoundException("content", contentId);
        }
        Optional<Decision> latest = decisions.latestFor(childId, contentId);
        String bar = barred.barredFor(childId, clock.instant()).get(parentId);
        if (latest.isPresent() && !latest.get().denials().isEmpty() && bar == null) {
            Decision denied = latest.get();
            return new Answer(
                    childId,
                    parentId,
                    denied.contentId(),
                    Source.DECISION,
                    denied.allocationId(),
                    false,
                    null,
                    denied.summary(),
                    denied.denials(),
                    "the whole request was denied, so no candidate could be chosen");
        }
        if (latest.isPresent()) {
            Optional<CandidateExplanation> candidate = latest.get().candidate(parentId);
            // A denied request lists its candidates without reasons of their own: the denial is the reason. A pair
            // barred
            // since that decision is answered from the current state, which names the bar.
            if (candidate.isPresent()
                    && latest.get().denials().isEmpty()
                    && (bar == null || names(candidate.get(), bar))) {
                return fromDecision(latest.get(), candidate.get());
            }
        }
        String content =
                contentId != null ? contentId : latest.map(Decision::contentId).orElse(null);
        return fromCurrentState(
                childId, parentId, content, latest.map(Decision::allocationId).orElse(null), bar);
    }

    /** Whether a candidate was rejected for this very bar, rather than chosen before it or for an earlier one. */
    private static boolean names(CandidateExplanation candidate, String bar) {
        return candidate.reasons().stream().anyMatch(reason -> reason.message().equals(bar));
    }

    private static Answer fromDecision(Decision decision, CandidateExplanation candidate) {
        String note = switch (candidate.verdict()) {
            case ASSIGNED -> candidate.nodeId() + " was chosen, with " + candidate.rateKbps() + " kbps";
            case OUTRANKED -> candidate.note();
            case REJECTED ->
                "rejected by "
                        + candidate.reasons().stream()
                                .filter(reason -> !reason.relaxed())
                                .map(reason -> "\"" + reason.rule() + "\"")
                                .distinct()
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("no rule");
        };
        return new Answer(
                decision.childId(),
                candidate.nodeId(),
                decision.contentId(),
                Source.DECISION,
                decision.allocationId(),
                candidate.verdict() == Verdict.ASSIGNED,
                candidate.verdict(),
                decision.summary(),
                candidate.reasons(),
                note);
    }

    private Answer fromCurrentState(
            String childId, String parentId, String contentId, String latestDecisionId, String bar) {
        List<Reason> reasons = new ArrayList<>();
        if (bar != null) {
            reasons.add(Reason.of(EngineChecks.BARRED_PAIR, bar));
        }
        Optional<LiveNode> parent = swarm.node(parentId);
        Optional<LiveNode> child = swarm.node(childId);
        Optional<Content> content = contentId == null ? Optional.empty() : contents.find(contentId);
        if (childId.equals(parentId)) {
            reasons.add(Reason.of(EngineChecks.IS_THE_CHILD, parentId + " is the child itself"));
        }
        if (parent.isEmpty()) {
            reasons.add(Reason.of(EngineChecks.OFFLINE, parentId + " has left the swarm"));
        }
        if (child.isEmpty()) {
            reasons.add(Reason.of(EngineChecks.OFFLINE, "the child " + childId + " has left the swarm"));
        }
        if (parent.isPresent() && content.isPresent() && !parent.get().holds(contentId)) {
            reasons.add(Reason.of(EngineChecks.NOT_A_HOLDER, parentId + " does not hold content " + contentId));
        }
        // The bar is one reason among the pair's: the policies are checked all the same.
        if (reasons.size() == (bar == null ? 0 : 1) && content.isPresent()) {
            reasons.addAll(PairCheck.check(
                    swarm,
                    policies.current(),
                    child.get(),
                    parent.get(),
                    content.get(),
                    swarm.assignmentOf(childId, contentId)
                            .map(Assignment::maxParents)
                            .orElse(settings.defaultMaxParents()),
                    parent.get().spareKbps(),
                    clock.instant()));
        }
        String note;
        if (bar != null) {
            note = "the pair is barred now; checked against the current state";
        } else if (content.isEmpty()) {
            note = "no decision about " + childId + " yet and no content given: pass content=... to check the pair";
        } else if (reasons.isEmpty()) {
            note = parentId + " would be eligible now; it was not among the candidates of the latest decision"
                    + " (the shortlist takes the holders of the child's own network first, then its region, its"
                    + " country and the rest, most spare uplink first within each)";
        } else {
            note = (latestDecisionId == null
                            ? "no decision about " + childId + " yet"
                            : "not a candidate in the latest decision about " + childId)
                    + "; checked against the current state";
        }
        return new Answer(
                childId, parentId, contentId, Source.CURRENT_STATE, latestDecisionId, false, null, null, reasons, note);
    }

    private static void requireKnown(String nodeId) {
        if (NodeEntity.findByIdOptional(nodeId).isEmpty()) {
            throw new NotFoundException("node", nodeId);
        }
    }
}
