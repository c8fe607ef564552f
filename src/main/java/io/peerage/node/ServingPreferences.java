package io.peerage.node;

import io.peerage.content.Category;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a node is willing to serve when it acts as a parent. Every part is optional.
 *
 * @param refusedCategories content categories it never sends on; empty when it refuses none
 * @param quietHours when it does not serve at all, in the node's time zone; null when it always serves
 * @param servesDevices the devices it may serve; null when it serves any device
 * @param servesStrangers false when it serves only nodes of its own owner or of an affinity group it shares
 */
public record ServingPreferences(
        @Size(max = 20) List<@NotNull Category> refusedCategories,
        @Valid QuietHours quietHours,
        @Size(max = 20) List<@NotNull Device> servesDevices,
        Boolean servesStrangers) {

    /** Serves anything, to anyone, at any time. */
    public static final ServingPreferences ANYTHING = new ServingPreferences(null, null, null, null);

    public ServingPreferences {
        // Copies that keep a null element, so that validation can name it instead of the constructor failing.
        refusedCategories = refusedCategories == null
                ? List.of()
                : Collections.unmodifiableList(new ArrayList<>(refusedCategories));
        servesDevices = servesDevices == null ? null : Collections.unmodifiableList(new ArrayList<>(servesDevices));
        servesStrangers = servesStrangers == null ? Boolean.TRUE : servesStrangers;
    }

    /** Whether a child on this device may be served; true when no device list was given. */
    public boolean serves(Device device) {
        return servesDevices == null || servesDevices.contains(device);
    }
}
