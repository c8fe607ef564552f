package io.peerage.simulation;

import io.peerage.content.ContentKind;

/**
 * The work of a simulation, computed from its size before it starts, in viewer-events: each allocator run (Peerage,
 * the tracker, and Peerage under proposed policies when there are any) goes through every viewer the scenario draws,
 * and each viewer makes an arrival and a departure (and a completed download, for a file); seeds and CDN nodes join
 * once each. The viewers drawn are the first arrivals and, when churn replaces them, their expected replacements over
 * the run. Asks again and retries are not counted: the wall-clock limit bounds those.
 *
 * @param viewersDrawn the expected number of viewers the scenario draws, replacements included
 * @param viewerEvents the work: what {@code peerage.simulation.max-work} is compared with
 */
public record SimulationWork(long viewersDrawn, int runs, long viewerEvents) {

    /** @param runs 2, or 3 with proposed policies */
    public static SimulationWork of(Scenario scenario, int runs) {
        double duration = scenario.durationSeconds();
        boolean file = scenario.content().kind() == ContentKind.FILE;
        double failures = scenario.failuresPerViewerHour() == null ? 0 : scenario.failuresPerViewerHour() / 3600;
        Scenario.Churn churn = scenario.churn();
        boolean replaced = churn != null && Boolean.TRUE.equals(churn.replaced());
        double endsPerSecond = 0;
        if (replaced) {
            if (file) {
                double seeding = churn.seedingSeconds() == null ? 0 : churn.seedingSeconds();
                double stay = Population.downloadSeconds(scenario.content()) + seeding;
                endsPerSecond = (stay > 0 ? 1 / stay : 1) + failures;
            } else {
                double departures =
                        churn.departuresPerViewerHour() == null ? 0 : churn.departuresPerViewerHour() / 3600;
                endsPerSecond = departures + failures;
            }
        }
        // Each viewer's place is taken again every 1 / endsPerSecond seconds on average.
        double drawn = scenario.viewers() * (1 + endsPerSecond * duration);
        int eventsPerViewer = file ? 3 : 2;
        double others = (scenario.seeds() == null || scenario.seeds().peers() == null
                        ? 0
                        : scenario.seeds().peers())
                + (scenario.cdn() == null || scenario.cdn().nodes() == null
                        ? 1
                        : scenario.cdn().nodes());
        double work = runs * (drawn * eventsPerViewer + others);
        return new SimulationWork(saturated(drawn), runs, saturated(work));
    }

    /** In words, for the answer that refuses it. */
    public String how() {
        return runs + " runs x about " + viewersDrawn + " viewers drawn, replacements included";
    }

    /** Rounded up, but not for the last bits of a decimal that binary cannot hold (0.35 / 3600 x 6300). */
    private static long saturated(double value) {
        return value >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(value - 1e-6);
    }
}
