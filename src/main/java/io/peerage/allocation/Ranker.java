package io.peerage.allocation;

import io.peerage.audit.Score;
import io.peerage.audit.ScoreParts;
import io.peerage.policy.Preference;
import io.peerage.policy.fact.Candidate;
import java.util.Comparator;
import java.util.List;

/**
 * Step four: a score for each eligible candidate, with its parts, so that an auditor can see why one outranked
 * another. Peers come before CDN and waypoint nodes (offloading the CDN is the point), then locality, spare uplink,
 * quality, and what the rules preferred.
 */
final class Ranker {

    static final double PEER = 20;
    static final double SAME_ISP = 10;
    static final double SAME_ASN = 5;
    static final double SAME_COUNTRY = 8;
    static final double SAME_REGION = 4;
    static final double NEAR = 8;
    static final double SPARE_UPLINK = 15;
    static final double QUALITY = 10;
    static final double HOLDING = 5;

    /** Beyond this distance a candidate gets no nearness points. */
    static final double FAR_KM = 20_000;

    /** Ties go to the node id, so the same swarm always gives the same ranking. */
    static final Comparator<Considered> BEST_FIRST = Comparator.comparingDouble((Considered c) -> c.score.total())
            .reversed()
            .thenComparing(Considered::id);

    private Ranker() {}

    /** The parts of every score, in the order the explanation lists them. */
    static final List<String> PARTS = List.of(
            "peer",
            "sameIsp",
            "sameAsn",
            "sameCountry",
            "sameRegion",
            "near",
            "spareUplink",
            "quality",
            "holding",
            "policy");

    static Score score(Considered considered, long requiredKbps) {
        Candidate candidate = considered.fact;
        double distance = candidate.getDistanceKm();
        double[] parts = {
            candidate.getNode().isPeer() ? PEER : 0,
            candidate.isSameIsp() ? SAME_ISP : 0,
            candidate.isSameAsn() ? SAME_ASN : 0,
            candidate.isSameCountry() ? SAME_COUNTRY : 0,
            candidate.isSameRegion() ? SAME_REGION : 0,
            distance < 0 ? NEAR / 2 : round(NEAR * (1 - Math.min(distance, FAR_KM) / FAR_KM)),
            round(SPARE_UPLINK * Math.min(1.0, considered.spareKbps / (double) requiredKbps)),
            round(QUALITY * considered.node.quality()),
            round(HOLDING * candidate.getHoldingFraction()),
            sum(considered.preferences)
        };
        double total = 0;
        for (double part : parts) {
            total += part;
        }
        return new Score(round(total), new ScoreParts(PARTS, parts));
    }

    private static int sum(List<Preference> preferences) {
        int sum = 0;
        for (Preference preference : preferences) {
            sum += preference.weight();
        }
        return sum;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
