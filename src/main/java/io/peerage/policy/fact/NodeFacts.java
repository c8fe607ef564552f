package io.peerage.policy.fact;

import io.peerage.node.Classification;
import io.peerage.node.NodeProfile;
import java.util.List;

/**
 * A node as policy authors see it: plain fields, enums as their names ({@code kind == "CDN"}), absent values as empty
 * strings or zero, so that a rule never needs a null check.
 */
public final class NodeFacts {

    private final NodeProfile profile;
    private final String peerType;
    private final long spareUplinkKbps;
    private final double quality;

    public NodeFacts(NodeProfile profile, Classification classification, long spareUplinkKbps, double quality) {
        this.profile = profile;
        this.peerType = classification.peerType().name();
        this.spareUplinkKbps = spareUplinkKbps;
        this.quality = quality;
    }

    public String getId() {
        return profile.id();
    }

    /** {@code CLIENT}, {@code CDN} or {@code WAYPOINT}. */
    public String getKind() {
        return profile.kind().name();
    }

    public boolean isCdn() {
        return profile.kind() == io.peerage.node.NodeKind.CDN;
    }

    public boolean isWaypoint() {
        return profile.kind() == io.peerage.node.NodeKind.WAYPOINT;
    }

    /** A client peer, as opposed to a CDN or waypoint node. */
    public boolean isPeer() {
        return profile.kind() == io.peerage.node.NodeKind.CLIENT;
    }

    /** {@code REGULAR} or {@code LIGHTWEIGHT}. */
    public String getPeerType() {
        return peerType;
    }

    public boolean isLightweight() {
        return "LIGHTWEIGHT".equals(peerType);
    }

    /** As declared, such as {@code browser-webrtc/2.1}. */
    public String getImplementation() {
        return profile.implementation();
    }

    /** The implementation without its version, such as {@code browser-webrtc}. */
    public String getImplementationName() {
        return profile.implementationName();
    }

    public boolean isAcceptsIncoming() {
        return profile.capabilities().acceptsIncoming();
    }

    public boolean isInitiatesConnections() {
        return profile.capabilities().initiatesConnections();
    }

    public boolean isCanForward() {
        return profile.capabilities().canForward();
    }

    public boolean isHasAccessList() {
        return profile.capabilities().hasAccessList();
    }

    /** The node ids (and the word {@code CDN}) this node receives from; empty when it has no access list. */
    public List<String> getAccessList() {
        List<String> sources = profile.capabilities().allowedSources();
        return sources == null ? List.of() : sources;
    }

    public String getIp() {
        return orEmpty(profile.network().ip());
    }

    public long getAsn() {
        return profile.network().asn() == null ? 0 : profile.network().asn();
    }

    public String getIsp() {
        return orEmpty(profile.network().isp());
    }

    public String getCountry() {
        return orEmpty(profile.network().country());
    }

    public String getRegion() {
        return orEmpty(profile.network().region());
    }

    public String getNatType() {
        return profile.network().natType() == null
                ? "UNKNOWN"
                : profile.network().natType().name();
    }

    public String getSubscription() {
        return profile.subscription().name();
    }

    public String getDevice() {
        return profile.device().name();
    }

    public List<String> getAffinityGroups() {
        return profile.affinityGroups();
    }

    public long getUplinkKbps() {
        return profile.uplinkKbps();
    }

    public long getDownlinkKbps() {
        return profile.downlinkKbps();
    }

    public long getSpareUplinkKbps() {
        return spareUplinkKbps;
    }

    /** How well this node has served, from 0 to 1; 0.5 until heartbeats say more. */
    public double getQuality() {
        return quality;
    }

    @Override
    public String toString() {
        return "Node " + getId();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
