package io.peerage.support;

import io.peerage.node.Capabilities;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;

/** Node profiles for tests that build a swarm in memory, without the API. */
public final class Profiles {

    private Profiles() {}

    /** A client peer that can do everything, with no known location, and the given uplink. */
    public static NodeProfile client(String id, long uplinkKbps) {
        return new NodeProfile(
                        id,
                        NodeKind.CLIENT,
                        "desktop-agent/5.0",
                        Capabilities.FULL,
                        NetworkLocation.UNKNOWN,
                        uplinkKbps,
                        0L,
                        null,
                        null,
                        null)
                .withDefaults(id);
    }
}
