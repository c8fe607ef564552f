package io.peerage.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.node.Classification;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.policy.PolicySettings.CongestionSettings;
import io.peerage.policy.fact.SwarmLoad;
import io.peerage.support.Profiles;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ConnectMode;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** demand = bitrate x (live children + 1); congested when the holders' spare uplink is below ratio x demand. */
class CongestionTest {

    private static final Instant NOW = Instant.parse("2025-03-04T10:30:00Z");
    private static final CongestionSettings RATIO_1_5 = new CongestionSettings(1.5, 0.7);

    private final Swarm swarm = new Swarm();
    private final Content content = new Content(
                    "match-1", ContentKind.LIVE, Media.VIDEO, 1000, null, null, null, null, null)
            .withDefaults("match-1");

    @Test
    void a_swarm_with_enough_spare_uplink_is_not_congested() {
        holder("a", 1000);
        holder("b", 600);

        assertThat(Congestion.measure(swarm, content, RATIO_1_5)).isEqualTo(new SwarmLoad(1600, 1000, false));
    }

    @Test
    void live_children_add_to_the_demand_and_reservations_take_from_the_spare_uplink() {
        LiveNode a = holder("a", 3000);
        holder("b", 500);
        swarm.reserve(a, 1000);
        swarm.assign(new Assignment(
                "alloc-1",
                "child-1",
                "match-1",
                1000,
                List.of(new ParentShare("a", NodeKind.CLIENT, PeerType.REGULAR, 1000, ConnectMode.BOTH_INITIATE)),
                List.of(),
                "",
                NOW,
                4));

        assertThat(Congestion.measure(swarm, content, RATIO_1_5))
                .as("2500 spare is below 1.5 x 2000")
                .isEqualTo(new SwarmLoad(2500, 2000, true));

        swarm.unassign("alloc-1");
        assertThat(Congestion.measure(swarm, content, RATIO_1_5)).isEqualTo(new SwarmLoad(3500, 1000, false));
    }

    @Test
    void a_swarm_below_the_ratio_is_congested_and_the_ratio_is_a_setting() {
        holder("a", 1400);

        assertThat(Congestion.measure(swarm, content, RATIO_1_5)).isEqualTo(new SwarmLoad(1400, 1000, true));
        assertThat(Congestion.measure(swarm, content, new CongestionSettings(1.2, 0.7)))
                .isEqualTo(new SwarmLoad(1400, 1000, false));
    }

    @Test
    void a_content_nobody_holds_is_congested() {
        assertThat(Congestion.measure(swarm, content, RATIO_1_5)).isEqualTo(new SwarmLoad(0, 1000, true));
    }

    private LiveNode holder(String id, long uplinkKbps) {
        NodeProfile profile = Profiles.client(id, uplinkKbps);
        LiveNode node = swarm.join(profile, Classification.regular(), NOW);
        swarm.hold(node, "match-1", 1.0);
        return node;
    }
}
