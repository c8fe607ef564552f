package io.peerage.api.heartbeat;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.peerage.identity.NodeTokens;
import io.peerage.membership.Heartbeats;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ConnectMode;
import io.peerage.swarm.ParentShare;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What a heartbeat answers: the time, when to send the next one, the ids of the node's live allocations and its
 * epoch; when the node's {@code seenEpoch} differs, its assignments in full and what ended since. Built the same way
 * whether the heartbeat was served by {@link HeartbeatRoute} or by the REST resource.
 */
public record HeartbeatAnswer(
        Instant serverTime,
        long heartbeatIntervalMs,
        List<String> allocationsAsChild,
        List<String> allocationsAsParent,
        String nodeToken,
        Instant nodeTokenExpiresAt,
        String epoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean replayed,
        @JsonInclude(JsonInclude.Include.NON_NULL) Assignments assignments,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Heartbeats.Ended> ended) {

    private static final Comparator<Assignment> OLDEST_FIRST =
            Comparator.comparing(Assignment::createdAt).thenComparing(Assignment::id);

    /** A node's assignments in full: what it receives, and the children it sends to. */
    public record Assignments(List<AsChild> asChild, List<AsParent> asParent) {}

    /** An allocation the node receives: its revision and its parents, with their rates and how to connect. */
    public record AsChild(
            String allocationId,
            String contentId,
            int revision,
            long requiredKbps,
            long coveredKbps,
            List<ParentShare> parents) {}

    /** A child to expect: the allocation, its revision, the rate this node sends and how to connect. */
    public record AsParent(
            String allocationId, String contentId, int revision, String childId, long rateKbps, ConnectMode connect) {}

    /** The answer to the heartbeat {@code beat} of node {@code nodeId}, with the token it goes on with. */
    public static HeartbeatAnswer of(String nodeId, Heartbeats.Beat beat, NodeTokens.NodeToken token) {
        Assignments assignments = null;
        if (beat.full()) {
            assignments = new Assignments(
                    beat.asChild().stream()
                            .sorted(OLDEST_FIRST)
                            .map(a -> new AsChild(
                                    a.id(),
                                    a.contentId(),
                                    a.revision(),
                                    a.requiredKbps(),
                                    a.coveredKbps(),
                                    a.parents()))
                            .toList(),
                    beat.asParent().stream()
                            .sorted(OLDEST_FIRST)
                            .flatMap(a -> a.parents().stream()
                                    .filter(p -> p.nodeId().equals(nodeId))
                                    .map(p -> new AsParent(
                                            a.id(),
                                            a.contentId(),
                                            a.revision(),
                                            a.childId(),
                                            p.rateKbps(),
                                            p.connect())))
                            .toList());
        }
        return new HeartbeatAnswer(
                beat.at(),
                beat.interval().toMillis(),
                idsOf(beat.asChild()),
                idsOf(beat.asParent()),
                token.token(),
                token.expiresAt(),
                beat.epoch(),
                beat.replayed() ? Boolean.TRUE : null,
                assignments,
                beat.full() ? beat.ended() : null);
    }

    private static List<String> idsOf(List<Assignment> assignments) {
        return assignments.stream().sorted(OLDEST_FIRST).map(Assignment::id).toList();
    }
}
