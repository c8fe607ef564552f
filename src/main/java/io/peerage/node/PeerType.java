package io.peerage.node;

/** Regular peers accept, initiate and forward; lightweight peers lack at least one of these. */
public enum PeerType {
    REGULAR,
    LIGHTWEIGHT
}
