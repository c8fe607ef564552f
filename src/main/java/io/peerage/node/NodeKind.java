package io.peerage.node;

/** What a node is. CDN and waypoint nodes are always regular: they accept connections and forward. */
public enum NodeKind {
    CLIENT,
    CDN,
    WAYPOINT;

    public boolean isInfrastructure() {
        return this != CLIENT;
    }
}
