package io.peerage.allocation;

import io.peerage.policy.PolicyKind;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.Strictness;
import io.peerage.swarm.LiveNode;
import java.util.List;

/**
 * The checks the engine makes in Java, whatever the policy files say. Feasibility checks run before the rules (they
 * need no policy); the two guarantees run after them, so that no edit of {@code rules/} can pair two lightweight peers
 * or make a non-forwarding node a parent.
 */
public final class EngineChecks {

    private EngineChecks() {}

    public static final RuleMetadata IS_THE_CHILD =
            feasibility("Feasibility: a node is never its own parent", "is-the-child", "is the child itself");

    public static final RuleMetadata NO_SPARE_UPLINK = feasibility(
            "Feasibility: a parent needs spare uplink for its share", "no-spare-uplink", "not enough spare uplink");

    public static final RuleMetadata DOWNSTREAM_OF_CHILD = feasibility(
            "Feasibility: a node downstream of the child would close a loop",
            "downstream-of-child",
            "downstream of the child");

    public static final RuleMetadata LIGHTWEIGHT_PAIR = guarantee(
            "Engine: two lightweight peers are never paired",
            "engine-lightweight-pair",
            "lightweight-to-lightweight (engine)");

    public static final RuleMetadata CANNOT_FORWARD = guarantee(
            "Engine: a node that cannot forward is never a parent", "engine-cannot-forward", "cannot forward (engine)");

    public static final RuleMetadata ALREADY_A_PARENT = feasibility(
            "Repair: a parent the allocation keeps is not chosen again", "already-a-parent", "already a parent");

    public static final RuleMetadata BARRED_PAIR =
            feasibility("Repair: a pair that could not connect is barred for a while", "barred-pair", "barred pair");

    public static final RuleMetadata OFFLINE =
            feasibility("Feasibility: only online nodes take part", "offline", "offline");

    public static final RuleMetadata NOT_A_HOLDER =
            feasibility("Feasibility: a parent holds the content", "not-a-holder", "does not hold the content");

    /** Rejects a candidate whose spare uplink is below the share a parent must give. */
    static void rejectNoSpareUplink(Considered candidate, long spareKbps, long minimumShareKbps) {
        candidate.reject(
                NO_SPARE_UPLINK,
                candidate.id() + " has " + spareKbps + " kbps spare uplink; a parent needs at least " + minimumShareKbps
                        + " kbps");
    }

    /** Rejects a candidate that receives the content through the child: it would close a loop. */
    static void rejectDownstream(Considered candidate, String contentId, String childId) {
        candidate.reject(DOWNSTREAM_OF_CHILD, candidate.id() + " receives " + contentId + " through " + childId);
    }

    /** The engine's own promises, applied to every candidate the rules left eligible. */
    static void applyGuarantees(LiveNode child, List<Considered> candidates) {
        for (Considered candidate : candidates) {
            if (!candidate.isEligible()) {
                continue;
            }
            if (child.classification().isLightweight()
                    && candidate.node.classification().isLightweight()) {
                candidate.reject(
                        LIGHTWEIGHT_PAIR,
                        "child " + child.id() + " and candidate " + candidate.id() + " are both lightweight");
            }
            if (!candidate.node.profile().capabilities().canForward()) {
                candidate.reject(CANNOT_FORWARD, candidate.id() + " cannot forward content");
            }
        }
    }

    private static RuleMetadata feasibility(String name, String code, String label) {
        return new RuleMetadata(name, "", code, label, PolicyKind.FEASIBILITY, Strictness.HARD, 0, "");
    }

    private static RuleMetadata guarantee(String name, String code, String label) {
        return new RuleMetadata(name, "", code, label, PolicyKind.COMPATIBILITY, Strictness.HARD, 0, "");
    }
}
