package io.peerage.policy.fact;

import io.peerage.policy.PolicySettings;
import io.peerage.policy.PolicySettings.CongestionSettings;
import java.util.List;

/**
 * A node that could send the requested content to the child, with the facts about the pair: how close they are,
 * whether the child's access list admits it, and whether the node is willing to serve this child and this content.
 * Rules reject or prefer candidates.
 */
public final class Candidate {

    private final NodeFacts node;
    private final NodeFacts child;
    private final ContentFacts content;
    private final boolean onChildAccessList;
    private final double distanceKm;
    private final double holdingFraction;
    private final NetworkPath path;
    private final double betterParentMinQuality;
    /** The id a stand-in for a class of candidates goes by; null for the node's own. */
    private final String standInId;
    /** The first shared affinity group, found on first use: several rules ask for it of each candidate. */
    private String sharedAffinityGroup;

    public Candidate(
            NodeFacts node,
            NodeFacts child,
            ContentFacts content,
            boolean onChildAccessList,
            double distanceKm,
            double holdingFraction) {
        this(
                node,
                child,
                content,
                onChildAccessList,
                distanceKm,
                holdingFraction,
                NetworkPath.UNKNOWN,
                CongestionSettings.DEFAULTS.betterParentMinQuality(),
                null);
    }

    private Candidate(
            NodeFacts node,
            NodeFacts child,
            ContentFacts content,
            boolean onChildAccessList,
            double distanceKm,
            double holdingFraction,
            NetworkPath path,
            double betterParentMinQuality,
            String standInId) {
        this.node = node;
        this.child = child;
        this.content = content;
        this.onChildAccessList = onChildAccessList;
        this.distanceKm = distanceKm;
        this.holdingFraction = holdingFraction;
        this.path = path;
        this.betterParentMinQuality = betterParentMinQuality;
        this.standInId = standInId;
    }

    /** The same candidate for the settled content, with what the given settings say makes a better parent. */
    public Candidate settled(ContentFacts settledContent, PolicySettings settings) {
        return new Candidate(
                node,
                child,
                settledContent,
                onChildAccessList,
                distanceKm,
                holdingFraction,
                path,
                settings.congestion().betterParentMinQuality(),
                standInId);
    }

    /**
     * The same candidate under a placeholder id, standing in for every candidate of its class when the rules are
     * evaluated once per class: the placeholder in its messages is then replaced by each candidate's own id.
     */
    public Candidate standingInAs(String placeholderId) {
        return new Candidate(
                node,
                child,
                content,
                onChildAccessList,
                distanceKm,
                holdingFraction,
                path,
                betterParentMinQuality,
                placeholderId);
    }

    public String getId() {
        return standInId == null ? node.getId() : standInId;
    }

    public NodeFacts getNode() {
        return node;
    }

    public NodeFacts getChild() {
        return child;
    }

    public ContentFacts getContent() {
        return content;
    }

    /** True when the child has no access list, or its list names this node (or says {@code CDN} and this is one). */
    public boolean isOnChildAccessList() {
        return onChildAccessList;
    }

    public boolean isSameIsp() {
        return !child.getIsp().isEmpty() && child.getIsp().equalsIgnoreCase(node.getIsp());
    }

    public boolean isSameAsn() {
        return child.getAsn() != 0 && child.getAsn() == node.getAsn();
    }

    public boolean isSameCountry() {
        return !child.getCountry().isEmpty() && child.getCountry().equals(node.getCountry());
    }

    public boolean isSameRegion() {
        return isSameCountry()
                && !child.getRegion().isEmpty()
                && child.getRegion().equalsIgnoreCase(node.getRegion());
    }

    /** Great-circle distance between the two, or -1 when either location is unknown. */
    public double getDistanceKm() {
        return distanceKm;
    }

    /** The share of the content the node holds: 1 for live content and whole files. */
    public double getHoldingFraction() {
        return holdingFraction;
    }

    /**
     * The network links between the node and the child. Always unknown (empty) for now: the network-links model fills
     * it in a later version.
     */
    public NetworkPath getPath() {
        return path;
    }

    /** Both declare the same owner. */
    public boolean isSameOwner() {
        return !child.getOwner().isEmpty() && child.getOwner().equals(node.getOwner());
    }

    /** The node and the child are members of at least one common affinity group. */
    public boolean isInSameAffinityGroup() {
        return !getSharedAffinityGroup().isEmpty();
    }

    /** The first affinity group the node and the child share, in the node's order; empty when none. */
    public String getSharedAffinityGroup() {
        // Racy but safe: every thread that finds it unset computes the same immutable string.
        String group = sharedAffinityGroup;
        if (group == null) {
            group = firstSharedAffinityGroup();
            sharedAffinityGroup = group;
        }
        return group;
    }

    private String firstSharedAffinityGroup() {
        List<String> childGroups = child.getAffinityGroups();
        for (String group : node.getAffinityGroups()) {
            if (childGroups.contains(group)) {
                return group;
            }
        }
        return "";
    }

    /** Neither of the same owner nor in a common affinity group. */
    public boolean isStranger() {
        return !isSameOwner() && !isInSameAffinityGroup();
    }

    /** The node's device list admits the child's device (always, when the node has no list). */
    public boolean isChildDeviceServed() {
        return node.servesDevice(child.getDevice());
    }

    /** The node refuses to serve the content's category. */
    public boolean isCategoryRefused() {
        return node.refusesCategory(content.getCategory());
    }

    /**
     * One of the parents that go to the most valuable viewers under congestion: a CDN or waypoint node, or a peer
     * whose quality reaches {@code congestion.betterParentMinQuality} of the policy settings.
     */
    public boolean isBetterParent() {
        return !node.isPeer() || node.getQuality() >= betterParentMinQuality;
    }

    @Override
    public String toString() {
        return "Candidate " + getId();
    }
}
