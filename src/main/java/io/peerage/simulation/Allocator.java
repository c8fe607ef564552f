package io.peerage.simulation;

import io.peerage.content.Content;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import java.time.Instant;
import java.util.List;

/** Chooses parents for one request and reserves their uplink in the simulated swarm. */
interface Allocator {

    /** What one request got: its parents, whether the policies denied it, and which SOFT rules were relaxed. */
    record Answer(List<ParentShare> parents, boolean denied, List<String> relaxed) {}

    Answer allocate(LiveNode child, Content content, int maxParents, Instant now);

    /** Tells the allocator that a node holds the content now, or no longer does. */
    default void holds(LiveNode node, boolean holds) {}
}
