package io.peerage.swarm;

import io.peerage.node.NodeKind;
import io.peerage.node.PeerType;

/** One parent of an assignment, as it was when chosen, and the uplink reserved on it for the child. */
public record ParentShare(String nodeId, NodeKind kind, PeerType peerType, long rateKbps, ConnectMode connect) {}
