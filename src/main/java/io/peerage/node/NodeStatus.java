package io.peerage.node;

/** Where a node stands in the swarm. */
public enum NodeStatus {
    /** Its lease is current: it is a candidate and may ask for parents. */
    ONLINE,
    /**
     * Its lease ran out (no heartbeat for {@code peerage.heartbeat.missed-intervals} intervals): out of every index,
     * its reservations freed, its profile and holdings kept. Its next heartbeat brings it back online.
     */
    SILENT,
    /** It left; joining again brings it back. */
    LEFT
}
