package io.peerage.node;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What a node declares it can do.
 *
 * @param allowedSources null when the node receives from anyone; otherwise the node ids it accepts content from, where
 *     the word {@code CDN} stands for any CDN node
 */
public record Capabilities(
        @NotNull Boolean acceptsIncoming,
        @NotNull Boolean initiatesConnections,
        @NotNull Boolean canForward,

        @Size(max = 1000)
        List<@NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE) String>
                allowedSources) {

    /** The word in an access list that admits every CDN node. */
    public static final String ANY_CDN = "CDN";

    /** A node that can do everything: what CDN and waypoint nodes get when they declare nothing. */
    public static final Capabilities FULL = new Capabilities(true, true, true, null);

    public Capabilities {
        allowedSources = allowedSources == null ? null : List.copyOf(allowedSources);
    }

    public boolean hasAccessList() {
        return allowedSources != null;
    }

    /**
     * Whether this node, as a child, accepts content from the given source. The word {@code CDN} only ever stands for
     * CDN nodes: a node whose id happens to be {@code CDN} is not admitted by it.
     */
    public boolean admits(String sourceId, NodeKind sourceKind) {
        if (allowedSources == null) {
            return true;
        }
        return (!ANY_CDN.equals(sourceId) && allowedSources.contains(sourceId))
                || (sourceKind == NodeKind.CDN && allowedSources.contains(ANY_CDN));
    }
}
