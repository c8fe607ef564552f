package io.peerage.policy.fact;

/**
 * A node that could send the requested content to the child, with the facts about the pair: how close they are and
 * whether the child's access list admits it. Rules reject or prefer candidates.
 */
public final class Candidate {

    private final NodeFacts node;
    private final NodeFacts child;
    private final ContentFacts content;
    private final boolean onChildAccessList;
    private final double distanceKm;
    private final double holdingFraction;

    public Candidate(
            NodeFacts node,
            NodeFacts child,
            ContentFacts content,
            boolean onChildAccessList,
            double distanceKm,
            double holdingFraction) {
        this.node = node;
        this.child = child;
        this.content = content;
        this.onChildAccessList = onChildAccessList;
        this.distanceKm = distanceKm;
        this.holdingFraction = holdingFraction;
    }

    public String getId() {
        return node.getId();
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

    @Override
    public String toString() {
        return "Candidate " + getId();
    }
}
