package io.peerage.swarm;

import io.peerage.node.Classification;
import io.peerage.node.HeartbeatReport;
import io.peerage.node.NodeProfile;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node that is online now, with what it holds and how much of its uplink is reserved. Capacity fields are changed
 * under the node's own monitor and only through {@link Swarm}, which keeps the holder indexes in step; the reserved
 * uplink is read without the monitor (a volatile field), since every request reads it for each of its candidates. Liveness (the
 * last heartbeat and the last report) is in memory only, each a volatile field written without the monitor: it feeds
 * no index, and a heartbeat must not wait for an allocation that holds the monitor.
 */
public final class LiveNode {

    private final String id;
    private final Instant joinedAt;
    private volatile NodeProfile profile;
    // The holder index cell, derived from the profile once rather than at every reservation.
    private volatile HolderPlace place;
    private volatile Classification classification;
    private volatile double quality = DEFAULT_QUALITY;
    private volatile Instant lastHeartbeatAt;
    private volatile Reported lastReport;
    // Written under the monitor, together with the holder indexes; read without it.
    private volatile long reservedKbps;
    // Set first when the node leaves, read without the monitor by requests walking the holder indexes.
    private volatile boolean departed;
    // Set under the monitor once the node's entries are out of the holder indexes: nothing may put them back.
    private boolean unindexed;
    private final Map<String, Double> holdings = new ConcurrentHashMap<>();
    // The last heartbeat sequence accepted since this membership began (a rejoin is a new LiveNode: it restarts).
    private final java.util.concurrent.atomic.AtomicLong lastSequence = new java.util.concurrent.atomic.AtomicLong(-1);
    // The allocations the node was last told in full, to say which ended since.
    private volatile java.util.Set<String> told = java.util.Set.of();

    /** The quality a node starts with, before heartbeats say how well it serves. */
    public static final double DEFAULT_QUALITY = 0.5;

    /** A heartbeat's report and when it came. */
    public record Reported(Instant at, HeartbeatReport report) {}

    LiveNode(NodeProfile profile, Classification classification, Instant joinedAt) {
        this.id = profile.id();
        this.profile = profile;
        this.place = HolderPlace.of(profile);
        this.classification = classification;
        this.joinedAt = joinedAt;
    }

    public String id() {
        return id;
    }

    public NodeProfile profile() {
        return profile;
    }

    public Classification classification() {
        return classification;
    }

    public Instant joinedAt() {
        return joinedAt;
    }

    public double quality() {
        return quality;
    }

    /** When the node last sent a heartbeat; null when it sent none since it came online or since the service started. */
    public Instant lastHeartbeatAt() {
        return lastHeartbeatAt;
    }

    /** The last report a heartbeat carried; null when none did. A heartbeat without one leaves it as it is. */
    public Reported lastReport() {
        return lastReport;
    }

    /** Records a heartbeat, with its report when it carried one. */
    public void heartbeat(Instant at, HeartbeatReport report) {
        lastHeartbeatAt = at;
        if (report != null) {
            lastReport = new Reported(at, report);
        }
    }

    /** True, and remembered, when {@code sequence} is above every one accepted before; false for a replay. */
    public boolean acceptSequence(long sequence) {
        while (true) {
            long last = lastSequence.get();
            if (sequence <= last) {
                return false;
            }
            if (lastSequence.compareAndSet(last, sequence)) {
                return true;
            }
        }
    }

    /** The last sequence accepted; -1 before any. */
    public long lastSequence() {
        return lastSequence.get();
    }

    /** Remembers the allocations the node is told now and returns those it was told before and are not among them. */
    public java.util.List<String> retell(java.util.Set<String> now) {
        java.util.Set<String> before = told;
        told = java.util.Set.copyOf(now);
        return before.stream().filter(id -> !now.contains(id)).sorted().toList();
    }

    public long reservedKbps() {
        return reservedKbps;
    }

    /** Uplink not reserved by any assignment; never negative, even when a node rejoins with a smaller uplink. */
    public long spareKbps() {
        return Math.max(0, profile.uplinkKbps() - reservedKbps);
    }

    /** Content id to the fraction held (1.0 for live content and whole files). */
    public Map<String, Double> holdings() {
        return Map.copyOf(holdings);
    }

    public boolean holds(String contentId) {
        return holdings.containsKey(contentId);
    }

    public double holdingFraction(String contentId) {
        return holdings.getOrDefault(contentId, 0.0);
    }

    HolderPlace place() {
        return place;
    }

    void update(NodeProfile newProfile, Classification newClassification) {
        this.profile = newProfile;
        this.place = HolderPlace.of(newProfile);
        this.classification = newClassification;
    }

    /** True from the moment the node starts leaving: requests no longer take it as a candidate. */
    boolean departed() {
        return departed;
    }

    void depart() {
        departed = true;
    }

    /** True once, under the node's monitor, its holder index entries were taken out. */
    boolean unindexed() {
        return unindexed;
    }

    void unindex() {
        unindexed = true;
    }

    /** Only under the node's monitor: the holder indexes move with it. */
    void addReserved(long kbps) {
        reservedKbps = reservedKbps + kbps;
    }

    Map<String, Double> mutableHoldings() {
        return holdings;
    }
}
