package io.peerage.membership;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How often nodes are asked to send heartbeats; see docs/operations.md. */
@ConfigMapping(prefix = "peerage.heartbeat")
public interface HeartbeatSettings {

    /** The interval every heartbeat's answer asks the node to keep. */
    @WithDefault("10s")
    Duration interval();
}
