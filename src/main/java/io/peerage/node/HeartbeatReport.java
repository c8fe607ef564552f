package io.peerage.node;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
 * sends and receives now. Every part is optional; what a node does not report is unknown. Older bodies (only
 * {@code uplinkUsedKbps} and {@code receiving} with rates) stay valid.
 *
 * @param uplinkUsedKbps the uplink the node uses now, to all its children together
 * @param receiving per parent of each allocation the node is the child of, the rate that parent actually delivers;
 *     null when not reported, empty when the node receives nothing
 * @param sequence the heartbeat's number, counted from the node's join: a heartbeat whose number is not above the last
 *     one accepted is a replay and is ignored
 * @param seenEpoch the epoch of the last answer the node acted on; when it differs from the current one, the answer
 *     carries the node's assignments in full
 * @param sending per child of each allocation the node serves, the rate it sends
 * @param cpuLoad 0 to 1
 * @param freeStorageMb storage the node has free
 * @param holdings what the node holds now: a fraction of a file, or the last position of a live stream
 */
public record HeartbeatReport(
        @PositiveOrZero @Max(MAX_KBPS) Long uplinkUsedKbps,
        @Size(max = MAX_RECEIVING) List<@NotNull @Valid Reception> receiving,
        @PositiveOrZero Long sequence,
        @Size(max = MAX_EPOCH) String seenEpoch,
        @Size(max = MAX_SENDING) List<@NotNull @Valid Sending> sending,
        @DecimalMin("0") @DecimalMax("1") Double cpuLoad,
        @PositiveOrZero @Max(MAX_STORAGE_MB) Long freeStorageMb,
        @Size(max = MAX_HOLDINGS) List<@NotNull @Valid Holding> holdings) {

    /** The bounds of a report, for its constraints and for the checks written out as code ({@code ReportChecks}). */
    public static final long MAX_KBPS = 100_000_000L;

    public static final long MAX_STORAGE_MB = 1_000_000_000_000L;
    public static final int MAX_RECEIVING = 256;
    public static final int MAX_SENDING = 1024;
    public static final int MAX_HOLDINGS = 1024;
    public static final int MAX_EPOCH = 100;

    public HeartbeatReport {
        // Copied without List.copyOf, which would refuse a null entry before validation could name it.
        receiving = copy(receiving);
        sending = copy(sending);
        holdings = copy(holdings);
    }

    /** An older report: the rates received and the uplink used. */
    public HeartbeatReport(Long uplinkUsedKbps, List<Reception> receiving) {
        this(uplinkUsedKbps, receiving, null, null, null, null, null, null);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /**
     * What a child receives from one parent of one allocation.
     *
     * @param bytes everything received from that parent for that allocation so far (cumulative)
     * @param position the last stream position received (live content)
     */
    public record Reception(
            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String allocationId,

            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String parentId,

            @NotNull @PositiveOrZero @Max(MAX_KBPS) Long rateKbps,
            @PositiveOrZero Long bytes,
            @PositiveOrZero Long position) {

        public Reception(String allocationId, String parentId, Long rateKbps) {
            this(allocationId, parentId, rateKbps, null, null);
        }
    }

    /** What a parent sends to one child of one allocation. */
    public record Sending(
            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String allocationId,

            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String childId,

            @NotNull @PositiveOrZero @Max(MAX_KBPS) Long rateKbps) {}

    /** What the node holds of one content: a fraction of a file, or the last position of a live stream. */
    public record Holding(
            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String contentId,

            @DecimalMin("0") @DecimalMax("1") Double fraction,
            @PositiveOrZero Long position) {}
}
