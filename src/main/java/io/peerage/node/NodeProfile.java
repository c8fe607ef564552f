package io.peerage.node;

import io.peerage.validation.TimeZoneId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything a node declares when it joins. Optional parts get their defaults through {@link #withDefaults(String)};
 * the parts added later ({@code timeZone}, {@code owner}, {@code viewerAge}, {@code serving}) get theirs as soon as
 * a profile is made, so that a request or a stored profile without them reads as before.
 *
 * @param timeZone the IANA time zone of the node, for quiet hours and the viewer's local time; UTC when not given
 * @param owner who the node belongs to, such as an account id: nodes of one owner are never strangers to each other
 * @param viewerAge the age of the person watching on this node, for age-rated content; null when unknown
 * @param serving what the node is willing to serve as a parent
 */
public record NodeProfile(
        @Pattern(regexp = ID_PATTERN, message = ID_MESSAGE) String id,
        @NotNull NodeKind kind,
        @Size(max = 200) String implementation,
        @Valid Capabilities capabilities,
        @Valid NetworkLocation network,
        @NotNull @PositiveOrZero @Max(100_000_000) Long uplinkKbps,
        @PositiveOrZero @Max(100_000_000) Long downlinkKbps,
        Subscription subscription,
        Device device,
        @Size(max = 50) List<@NotNull @Size(min = 1, max = 100) String> affinityGroups,
        @TimeZoneId String timeZone,
        @Size(min = 1, max = 100) String owner,
        @Min(0) @Max(130) Integer viewerAge,
        @Valid ServingPreferences serving) {

    /**
     * The grammar of every id (nodes, contents, the nodes an access list names): 1 to 64 of {@code A-Z a-z 0-9 . _ :
     * -}, and not {@code .} or {@code ..}, so that an id is always one safe URL path segment that no client or proxy
     * resolves away ({@code /v1/nodes/..} would be {@code /v1}).
     */
    public static final String ID_PATTERN = "(?!\\.{1,2}$)[A-Za-z0-9._:-]{1,64}";

    public static final String ID_MESSAGE =
            "must be 1 to 64 letters, digits, '.', '_', ':' or '-', and not '.' or '..'";

    /** The time zone of a node that does not declare one. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public NodeProfile {
        affinityGroups = affinityGroups == null ? List.of() : List.copyOf(affinityGroups);
        timeZone = timeZone == null ? DEFAULT_TIME_ZONE : timeZone;
        serving = serving == null ? ServingPreferences.ANYTHING : serving;
    }

    /** A profile as older clients declare it: no time zone, owner, viewer age or serving preferences. */
    public NodeProfile(
            String id,
            NodeKind kind,
            String implementation,
            Capabilities capabilities,
            NetworkLocation network,
            Long uplinkKbps,
            Long downlinkKbps,
            Subscription subscription,
            Device device,
            List<String> affinityGroups) {
        this(
                id,
                kind,
                implementation,
                capabilities,
                network,
                uplinkKbps,
                downlinkKbps,
                subscription,
                device,
                affinityGroups,
                null,
                null,
                null,
                null);
    }

    /** The profile with its id set and every optional part filled in. */
    public NodeProfile withDefaults(String assignedId) {
        return new NodeProfile(
                assignedId,
                kind,
                implementation == null ? "" : implementation,
                capabilities == null ? Capabilities.FULL : capabilities,
                network == null ? NetworkLocation.UNKNOWN : network,
                uplinkKbps,
                downlinkKbps == null ? 0L : downlinkKbps,
                subscription == null ? Subscription.STANDARD : subscription,
                device == null ? (kind.isInfrastructure() ? Device.SERVER : Device.DESKTOP) : device,
                affinityGroups,
                timeZone,
                owner,
                viewerAge,
                serving);
    }

    /** The node's time zone; UTC when the declared one is unknown to this runtime. */
    public ZoneId zone() {
        try {
            return ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return ZoneId.of(DEFAULT_TIME_ZONE);
        }
    }

    /** The implementation's name without its version: {@code browser-webrtc} for {@code browser-webrtc/2.1}. */
    public String implementationName() {
        if (implementation == null) {
            return "";
        }
        int slash = implementation.indexOf('/');
        return (slash < 0 ? implementation : implementation.substring(0, slash)).trim();
    }
}
