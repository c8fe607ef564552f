package io.peerage.node;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a node measures and reports with a heartbeat, as opposed to what it declared when it joined: what it actually
 * sends and receives now. Every part is optional; what a node does not report is unknown.
 *
 * @param uplinkUsedKbps the uplink the node uses now, to all its children together
 * @param receiving per parent of each allocation the node is the child of, the rate that parent actually delivers;
 *     null when not reported, empty when the node receives nothing
 */
public record HeartbeatReport(
        @PositiveOrZero @Max(100_000_000) Long uplinkUsedKbps,
        @Size(max = 256) List<@NotNull @Valid Reception> receiving) {

    public HeartbeatReport {
        // Copied without List.copyOf, which would refuse a null entry before validation could name it.
        receiving = receiving == null ? null : Collections.unmodifiableList(new ArrayList<>(receiving));
    }

    /** The rate a child receives from one parent of one allocation. */
    public record Reception(
            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String allocationId,

            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String parentId,

            @NotNull @PositiveOrZero @Max(100_000_000) Long rateKbps) {}
}
