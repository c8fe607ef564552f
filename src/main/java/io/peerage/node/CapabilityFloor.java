package io.peerage.node;

import io.peerage.node.Classification.ClassificationReason;
import java.util.ArrayList;
import java.util.List;

/**
 * The lightweight reasons that follow from declared capabilities alone. Policies may add reasons, never remove these:
 * a node that cannot accept connections stays lightweight whatever {@code rules/} says.
 */
public final class CapabilityFloor {

    public static final String RULE = "Engine: declared capabilities make a peer lightweight";
    public static final String CANNOT_ACCEPT_INCOMING = "cannot-accept-incoming";
    public static final String ACCESS_LIST_ONLY = "access-list-only";
    public static final String CANNOT_FORWARD = "cannot-forward";

    private CapabilityFloor() {}

    /** Reasons a client is lightweight by its capabilities; CDN and waypoint nodes have none. */
    public static List<ClassificationReason> reasons(NodeProfile profile) {
        List<ClassificationReason> reasons = new ArrayList<>();
        if (profile.kind().isInfrastructure()) {
            return reasons;
        }
        Capabilities capabilities = profile.capabilities();
        if (!capabilities.acceptsIncoming()) {
            reasons.add(new ClassificationReason(CANNOT_ACCEPT_INCOMING, RULE, "cannot accept incoming connections"));
        }
        if (capabilities.hasAccessList()) {
            reasons.add(new ClassificationReason(ACCESS_LIST_ONLY, RULE, "receives only from an access list"));
        }
        if (!capabilities.canForward()) {
            reasons.add(new ClassificationReason(CANNOT_FORWARD, RULE, "cannot forward content"));
        }
        return reasons;
    }
}
