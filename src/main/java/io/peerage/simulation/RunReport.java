package io.peerage.simulation;

import java.util.Map;

/**
 * What one allocator did with the swarm of a scenario.
 *
 * @param allocator {@code peerage} (the policies named by {@code policies}) or {@code baseline-tracker}
 * @param offload share of the bytes children needed that peers sent, rather than CDN nodes or the CDN fallback of a
 *     child without enough rate
 * @param locality share of the bytes peers sent that stayed inside the child's ISP
 * @param localityWhereLocalParentExisted the same, counting only requests for which a compatible peer of the child's
 *     ISP with enough spare uplink existed when it asked
 * @param hardViolations pairs that a HARD promise forbids (lightweight-to-lightweight, a parent that cannot forward, a
 *     source off the child's access list) and children served where the content is not licensed, by rule code
 * @param parentLosses times a child lost its allocation because a parent left or failed
 * @param parentFailures of those, the times the parent failed without a word rather than left
 * @param failureToNewParent seconds from losing a parent to having a new one; without heartbeats, the child's own
 *     detection time plus its asks
 * @param childrenBelowRate children that, at least once, were answered with less than the content's rate
 * @param starvedTimeShare share of children's time spent with less than the rate from their parents, gaps after a
 *     lost parent included
 * @param childrenBelowRateAtEnd children still below the rate when the run ended
 */
public record RunReport(
        String allocator,
        String policies,
        int requests,
        int reasks,
        int retries,
        int answersWithoutParent,
        int answersBelowRate,
        int deniedRequests,
        int relaxedDecisions,
        double offload,
        double locality,
        double localityWhereLocalParentExisted,
        int hardViolations,
        Map<String, Integer> violationsByRule,
        int parentLosses,
        int parentFailures,
        Durations failureToNewParent,
        int childrenBelowRate,
        double starvedTimeShare,
        int childrenBelowRateAtEnd,
        Bytes bytes,
        long wallMillis) {

    /** Seconds, summarized. */
    public record Durations(int count, double median, double p95, double max) {}

    /** Gigabytes delivered, by where they came from. */
    public record Bytes(double peers, double peersInsideIsp, double cdnNodes, double cdnFallback) {}

    /** The same report without its wall time, the only part a seed does not decide. */
    public RunReport withoutTiming() {
        return new RunReport(
                allocator,
                policies,
                requests,
                reasks,
                retries,
                answersWithoutParent,
                answersBelowRate,
                deniedRequests,
                relaxedDecisions,
                offload,
                locality,
                localityWhereLocalParentExisted,
                hardViolations,
                violationsByRule,
                parentLosses,
                parentFailures,
                failureToNewParent,
                childrenBelowRate,
                starvedTimeShare,
                childrenBelowRateAtEnd,
                bytes,
                0);
    }
}
