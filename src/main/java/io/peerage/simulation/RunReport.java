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
 * @param failureToNewParent seconds from a parent's failure (or departure) to the child's new parent
 * @param childrenBelowRate children that, at least once, were answered with less than the content's rate
 * @param starvedTimeShare share of children's time spent with less than the rate from their parents, gaps after a
 *     lost parent included
 * @param childrenBelowRateAtEnd children still below the rate when the run ended
 * @param upkeep how failures were found and repaired, in heartbeat intervals
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
        Upkeep upkeep,
        long wallMillis) {

    /** Seconds, summarized. */
    public record Durations(int count, double median, double p95, double max) {}

    /**
     * How failed parents were found and their children repaired. Times are in heartbeat intervals.
     *
     * @param detection {@code heartbeats} (the service finds failures by silence and reports, and repairs) or
     *     {@code children ask again} (the tracker: each child notices after {@code reaskSeconds} and asks again)
     * @param failureToNewParent from a parent's failure (or departure) to the child's new parent
     * @param detectionToRepair from the failure being found to the child's new parent
     * @param losses children that lost a parent (or a parent's share) and had it found
     * @param repairedWithinOneInterval of those, the ones offered a new parent within one interval of detection
     * @param repairedLater of those, the ones offered one later
     * @param unrepaired of those, the ones never offered one though the child stayed at least an interval more
     * @param repairsByTrigger repairs (new revisions recorded as decisions) by trigger, retries that found parents
     *     included
     * @param childrenBelowRatePerInterval children getting less than the rate from their parents, counted at each
     *     interval: over how many intervals, median, p95, max
     * @param hardViolationsInRepairs pairs made by repairs that a HARD promise forbids (counted in
     *     {@code hardViolations} too)
     */
    public record Upkeep(
            String detection,
            int intervalSeconds,
            int missedIntervals,
            Durations failureToNewParent,
            Durations detectionToRepair,
            int losses,
            int repairedWithinOneInterval,
            int repairedLater,
            int unrepaired,
            Map<String, Integer> repairsByTrigger,
            Durations childrenBelowRatePerInterval,
            int hardViolationsInRepairs) {}

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
                upkeep,
                0);
    }
}
