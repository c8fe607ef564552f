package io.peerage.node;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Everything a node declares when it joins. Optional parts get their defaults through {@link #withDefaults(String)}.
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
        @Size(max = 50) List<@NotNull @Size(min = 1, max = 100) String> affinityGroups) {

    public static final String ID_PATTERN = "[A-Za-z0-9._:-]{1,64}";
    public static final String ID_MESSAGE = "must be 1 to 64 letters, digits, '.', '_', ':' or '-'";

    public NodeProfile {
        affinityGroups = affinityGroups == null ? List.of() : List.copyOf(affinityGroups);
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
                affinityGroups);
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
