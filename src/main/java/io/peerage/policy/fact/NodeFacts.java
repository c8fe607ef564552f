package io.peerage.policy.fact;

import io.peerage.content.Category;
import io.peerage.node.Classification;
import io.peerage.node.Device;
import io.peerage.node.NodeProfile;
import io.peerage.node.QuietHours;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
    private final Instant at;

    /** A node at no particular moment, as when it is classified: it is never in its quiet hours. */
    public NodeFacts(NodeProfile profile, Classification classification, long spareUplinkKbps, double quality) {
        this(profile, classification, spareUplinkKbps, quality, null);
    }

    /**
     * @param at the moment of the request, for what depends on the node's local time (quiet hours)
     */
    public NodeFacts(
            NodeProfile profile, Classification classification, long spareUplinkKbps, double quality, Instant at) {
        this.profile = profile;
        this.peerType = classification.peerType().name();
        this.spareUplinkKbps = spareUplinkKbps;
        this.quality = quality;
        this.at = at;
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

    /** The node's IANA time zone, such as {@code Europe/Berlin}; {@code UTC} when it declared none. */
    public String getTimeZone() {
        return profile.timeZone();
    }

    /** The node's time zone as Java sees it. */
    public ZoneId zone() {
        return profile.zone();
    }

    /** Hour of the day, 0 to 23, in the node's time zone at the moment of the request; -1 when there is none. */
    @ReadsClock
    public int getLocalHourOfDay() {
        return at == null ? -1 : ZonedDateTime.ofInstant(at, zone()).getHour();
    }

    /** Who the node belongs to; empty when it did not say. */
    public String getOwner() {
        return orEmpty(profile.owner());
    }

    /** Whether the viewer's age is known; when not, age-rated content is not refused on age. */
    public boolean isViewerAgeKnown() {
        return profile.viewerAge() != null;
    }

    /** The age of the person watching on this node; -1 when unknown. */
    public int getViewerAge() {
        return profile.viewerAge() == null ? -1 : profile.viewerAge();
    }

    /** The content categories the node refuses to serve, such as {@code SPORTS}; empty when none. */
    public List<String> getRefusedCategories() {
        return profile.serving().refusedCategories().stream().map(Enum::name).toList();
    }

    public boolean refusesCategory(String category) {
        // Compared name by name: no list is built for a question asked of every candidate.
        for (Category refused : profile.serving().refusedCategories()) {
            if (refused.name().equals(category)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the node declared quiet hours. */
    public boolean isHasQuietHours() {
        return profile.serving().quietHours() != null;
    }

    /** The quiet hours as {@code 09:00-17:00} in the node's time zone; empty when none. */
    public String getQuietHours() {
        QuietHours hours = profile.serving().quietHours();
        return hours == null ? "" : hours.toString();
    }

    /** Whether the moment of the request falls in the node's quiet hours, in its own time zone. */
    @ReadsClock
    public boolean isInQuietHours() {
        QuietHours hours = profile.serving().quietHours();
        return hours != null && at != null && hours.contains(LocalTime.ofInstant(at, zone()));
    }

    /** Whether the node serves any device (it has no device list). */
    public boolean isServesAnyDevice() {
        return profile.serving().servesDevices() == null;
    }

    /** The devices the node may serve, such as {@code DESKTOP}; empty when it serves any device. */
    public List<String> getServesDevices() {
        List<Device> devices = profile.serving().servesDevices();
        return devices == null ? List.of() : devices.stream().map(Enum::name).toList();
    }

    /** Whether the node may serve a child on the given device, such as {@code "DESKTOP"}. */
    public boolean servesDevice(String device) {
        List<Device> devices = profile.serving().servesDevices();
        if (devices == null) {
            return true;
        }
        // Compared name by name: no list is built for a question asked of every candidate.
        for (Device served : devices) {
            if (served.name().equals(device)) {
                return true;
            }
        }
        return false;
    }

    /** False when the node serves only nodes of its own owner or of an affinity group it shares. */
    public boolean isServesStrangers() {
        return profile.serving().servesStrangers();
    }

    @Override
    public String toString() {
        return "Node " + getId();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
