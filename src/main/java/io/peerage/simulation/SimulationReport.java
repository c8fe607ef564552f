package io.peerage.simulation;

import java.util.List;
import java.util.Map;

/**
 * A scenario run under Peerage's policies and under a plain tracker (and under proposed policies when given), with
 * the targets the product promises.
 */
public record SimulationReport(
        String scenario, String description, long seed, Swarm swarm, List<RunReport> runs, List<Target> targets) {

    /**
     * The swarm the seed drew.
     *
     * @param viewers every viewer or downloader that arrived, replacements included
     * @param lightweightShare share of the viewers that the active policies classify as lightweight
     * @param medianUplinkToBitrate the viewers' median uplink over the content's rate
     */
    public record Swarm(
            String kind,
            int bitrateKbps,
            int durationSeconds,
            int viewers,
            int seeds,
            int cdnNodes,
            double lightweightShare,
            double medianUplinkToBitrate,
            Map<String, Integer> viewersByIsp) {}

    /** One promise checked against one run: what was wanted, what came out, and whether it holds. */
    public record Target(String run, String name, String wanted, double actual, boolean met) {}

    public SimulationReport withoutTiming() {
        return new SimulationReport(
                scenario,
                description,
                seed,
                swarm,
                runs.stream().map(RunReport::withoutTiming).toList(),
                targets);
    }
}
