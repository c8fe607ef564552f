package io.peerage.swarm;

import io.peerage.node.PeerType;

/** Who opens the connection of one assignment. A lightweight side cannot accept, so it is the one that initiates. */
public enum ConnectMode {
    CHILD_INITIATES,
    PARENT_INITIATES,
    BOTH_INITIATE;

    public static ConnectMode between(PeerType child, PeerType parent) {
        if (child == PeerType.LIGHTWEIGHT) {
            return CHILD_INITIATES;
        }
        if (parent == PeerType.LIGHTWEIGHT) {
            return PARENT_INITIATES;
        }
        return BOTH_INITIATE;
    }
}
