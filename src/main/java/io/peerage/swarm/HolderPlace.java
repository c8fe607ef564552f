package io.peerage.swarm;

import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import java.util.Locale;

/**
 * The network cell of a holder in a holder index: each holder is in exactly one, so that a reservation moves it in one
 * ordered set only. ISP and region are compared as the rules compare them, without regard to case.
 *
 * @param asn 0 when unknown
 * @param isp lower case, empty when unknown
 * @param country empty when unknown
 * @param region lower case, empty when unknown
 */
record HolderPlace(boolean infrastructure, long asn, String isp, String country, String region) {

    static HolderPlace of(NodeProfile profile) {
        NetworkLocation network = profile.network() == null ? NetworkLocation.UNKNOWN : profile.network();
        return new HolderPlace(
                profile.kind() != NodeKind.CLIENT,
                network.asn() == null ? 0 : network.asn(),
                lower(network.isp()),
                network.country() == null ? "" : network.country(),
                lower(network.region()));
    }

    /** The part of the network this holder is in, as seen from a child at {@code child}. */
    HolderPart seenFrom(HolderPlace child) {
        if (infrastructure) {
            return HolderPart.INFRASTRUCTURE;
        }
        if (sameNetworkAs(child)) {
            return HolderPart.NETWORK;
        }
        if (!child.country.isEmpty() && child.country.equals(country)) {
            return !child.region.isEmpty() && child.region.equals(region) ? HolderPart.REGION : HolderPart.COUNTRY;
        }
        return HolderPart.ELSEWHERE;
    }

    /** The child's ASN when it has one, its ISP otherwise. */
    private boolean sameNetworkAs(HolderPlace child) {
        if (child.asn != 0) {
            return asn == child.asn;
        }
        return !child.isp.isEmpty() && child.isp.equals(isp);
    }

    private static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
