package io.peerage.allocation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the pipeline is tuned; see docs/operations.md. */
@ConfigMapping(prefix = "peerage.allocation")
public interface AllocationSettings {

    /** Parents per allocation when the request does not say. */
    @WithDefault("4")
    int defaultMaxParents();

    /** How many feasible peers, closest first, go on to the policies and the ranking in one batch. */
    @WithDefault("8")
    int shortlistSize();

    /**
     * How many CDN or waypoint nodes every request examines besides the shortlist, most spare uplink first, so that the
     * rules that prefer or avoid them always see some.
     */
    @WithDefault("2")
    int infrastructureSlots();

    /** How many holders sure to be rejected still go to the policies, so their rejection is on record. */
    @WithDefault("64")
    int doomedSize();

    /** The most holders one request looks at, whatever else happens. */
    @WithDefault("4096")
    int walkLimit();
}
