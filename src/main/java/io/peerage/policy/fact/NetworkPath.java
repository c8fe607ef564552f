package io.peerage.policy.fact;

import java.util.List;

/**
 * The network links a candidate's content would cross to reach the child. Empty for now: the network-links model
 * (links between networks with their limits) fills it in a later version, so that rules can then say things such as
 * "avoid a saturated transit link". Rules written today may already test {@code path.known}.
 */
public final class NetworkPath {

    /** The path of every candidate until links between networks are modelled. */
    public static final NetworkPath UNKNOWN = new NetworkPath(List.of());

    private final List<String> links;

    public NetworkPath(List<String> links) {
        this.links = List.copyOf(links);
    }

    /** The ids of the links crossed, from the candidate to the child; empty when unknown. */
    public List<String> getLinks() {
        return links;
    }

    public boolean isKnown() {
        return !links.isEmpty();
    }

    public int getHops() {
        return links.size();
    }

    @Override
    public String toString() {
        return isKnown() ? String.join(" > ", links) : "unknown path";
    }
}
