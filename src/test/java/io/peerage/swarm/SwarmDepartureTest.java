package io.peerage.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.Classification;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.support.Profiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Holder indexes hold nodes, not ids: a node that left is never handed to a request, and one that rejoins is new. */
class SwarmDepartureTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final Swarm swarm = new Swarm();

    @Test
    void a_node_that_left_is_not_handed_out_and_joining_again_makes_a_new_node_that_is() {
        holder("first", 7000);
        holder("second", 6000);
        LiveNode leaves = holder("leaves", 5000);
        LiveNode stays = holder("stays", 3000);
        Iterator<LiveNode> walkStartedBefore = swarm.holdersBySpareUplink("match-1");
        assertThat(walkStartedBefore.next().id()).isEqualTo("first");

        assertThat(swarm.leave("leaves")).contains(leaves);
        assertThat(swarm.leave("leaves")).isEmpty();

        assertThat(ids(walkStartedBefore)).containsExactly("second", "stays");
        assertThat(ids(swarm.holdersBySpareUplink("match-1"))).containsExactly("first", "second", "stays");
        assertThat(swarm.holderCount("match-1")).isEqualTo(3);

        LiveNode back = holder("leaves", 5000);
        assertThat(back).isNotSameAs(leaves);
        assertThat(ids(swarm.holdersBySpareUplink("match-1"))).containsExactly("first", "second", "leaves", "stays");
        assertThat(swarm.online("leaves")).isSameAs(back);
        assertThat(stays.departed()).isFalse();
        assertThat(leaves.departed()).isTrue();
    }

    @Test
    void uplink_given_back_while_a_node_is_leaving_leaves_nothing_behind_in_the_index() {
        LiveNode stays = holder("stays", 3000);
        LiveNode leaves = holder("leaves", 5000);
        assertThat(swarm.reserve(leaves, 4000)).isTrue();

        // The first step of leaving, then a request that replaces its allocation gives the uplink back, then the rest.
        leaves.depart();
        swarm.release("leaves", 4000);
        swarm.leave("leaves");
        swarm.release("leaves", 4000);

        assertThat(swarm.holderCount("match-1")).isEqualTo(1);
        assertThat(swarm.holdersSpareKbps("match-1")).isEqualTo(stays.spareKbps());
        assertThat(ids(swarm.holdersBySpareUplink("match-1"))).containsExactly("stays");
    }

    @Test
    void a_node_that_started_leaving_is_neither_reserved_on_nor_recorded_as_a_parent() {
        LiveNode child = holder("child", 1000);
        LiveNode online = holder("online", 5000);
        LiveNode leaving = holder("leaving", 5000);
        assertThat(swarm.reserve(online, 1000)).isTrue();
        assertThat(swarm.reserve(leaving, 1000)).isTrue();

        // The first step of leaving comes after the reservation and before the assignment is recorded.
        leaving.depart();
        Assignment assignment = assignment("a-1", child, online, leaving);

        assertThat(swarm.assignToOnlineParents(assignment)).isFalse();
        assertThat(swarm.assignment("a-1")).isEmpty();
        assertThat(swarm.assignmentsAsParent("online")).isEmpty();
        assertThat(swarm.assignmentsAsParent("leaving")).isEmpty();
        assertThat(online.spareKbps()).isEqualTo(5000);
        assertThat(swarm.reserve(leaving, 1000)).isFalse();

        assertThat(swarm.reserve(online, 1000)).isTrue();
        assertThat(swarm.assignToOnlineParents(assignment("a-2", child, online)))
                .isTrue();
        assertThat(swarm.assignmentsAsParent("online"))
                .extracting(Assignment::id)
                .containsExactly("a-2");
    }

    private static Assignment assignment(String id, LiveNode child, LiveNode... parents) {
        List<ParentShare> shares = new ArrayList<>();
        for (LiveNode parent : parents) {
            shares.add(
                    new ParentShare(parent.id(), NodeKind.CLIENT, PeerType.REGULAR, 1000, ConnectMode.CHILD_INITIATES));
        }
        return new Assignment(id, child.id(), "match-1", 1000, shares, List.of(), "", NOW, 4);
    }

    private LiveNode holder(String id, long uplinkKbps) {
        NodeProfile profile = Profiles.client(id, uplinkKbps);
        LiveNode node = swarm.join(profile, Classification.regular(), NOW);
        swarm.hold(node, "match-1", 1.0);
        return node;
    }

    private static List<String> ids(Iterator<LiveNode> nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEachRemaining(node -> ids.add(node.id()));
        return ids;
    }
}
