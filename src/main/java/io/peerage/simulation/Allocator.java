package io.peerage.simulation;

import io.peerage.content.Content;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.upkeep.LostShare;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Chooses parents for one request and reserves their uplink in the simulated swarm. */
interface Allocator {

    /** What one request got: its parents, whether the policies denied it, and which SOFT rules were relaxed. */
    record Answer(List<ParentShare> parents, boolean denied, List<String> relaxed) {}

    Answer allocate(LiveNode child, Content content, int maxParents, Instant now);

    /**
     * Whether this allocator keeps its children fed, as the service does: it finds failed parents by heartbeats and
     * reports and repairs the lost share ({@link #repair}). Otherwise each child notices and asks again.
     */
    default boolean repairs() {
        return false;
    }

    /**
     * Looks for the share an allocation lost, and reserves it: the new parents only (the kept ones keep theirs).
     * {@code barred} parents (each with why) are not chosen.
     */
    default Answer repair(LiveNode child, Content content, LostShare lost, Map<String, String> barred, Instant now) {
        throw new UnsupportedOperationException("this allocator does not repair: its children ask again");
    }

    /** Tells the allocator that a node holds the content now, or no longer does. */
    default void holds(LiveNode node, boolean holds) {}
}
