package io.peerage.node;

/** The NAT in front of a node, as its agent detected it. */
public enum NatType {
    OPEN,
    FULL_CONE,
    RESTRICTED_CONE,
    PORT_RESTRICTED_CONE,
    SYMMETRIC,
    UNKNOWN
}
