package io.peerage.upkeep;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How often nodes send heartbeats and how many they may miss before their lease runs out; see docs/operations.md. */
@ConfigMapping(prefix = "peerage.heartbeat")
public interface HeartbeatSettings {

    /** The interval every heartbeat's answer asks the node to keep. */
    @WithDefault("10s")
    Duration interval();

    /** Intervals without a heartbeat after which a node becomes SILENT. */
    @WithDefault("3")
    int missedIntervals();

    /** How long one heartbeat keeps a node online: {@code interval x missed-intervals}. */
    default Duration lease() {
        return interval().multipliedBy(missedIntervals());
    }
}
