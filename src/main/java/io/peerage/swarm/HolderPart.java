package io.peerage.swarm;

/**
 * Where a holder sits as seen from one child, closest first: the order in which a request walks the holders of a
 * content. CDN and waypoint nodes are a part of their own, whatever their network, so that they always get slots.
 */
public enum HolderPart {
    /** CDN nodes and waypoint servers. */
    INFRASTRUCTURE,
    /** Peers of the child's own network: its ASN, or its ISP when it has no known ASN. */
    NETWORK,
    /** Peers of other networks in the child's region (same country, same region). */
    REGION,
    /** Peers of other networks and regions in the child's country. */
    COUNTRY,
    /** Every other peer, those of unknown location included. */
    ELSEWHERE;

    /** The parts of peers, closest first. */
    public static final java.util.List<HolderPart> PEER_PARTS = java.util.List.of(NETWORK, REGION, COUNTRY, ELSEWHERE);
}
