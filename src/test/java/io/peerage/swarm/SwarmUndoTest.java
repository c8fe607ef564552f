package io.peerage.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.Classification;
import io.peerage.node.NodeKind;
import io.peerage.node.PeerType;
import io.peerage.support.Profiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The swarm's side of undoing changes that could not be written: every step has an inverse that restores it all. */
class SwarmUndoTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final Swarm swarm = new Swarm();

    @Test
    void a_detached_assignment_keeps_its_uplink_until_released_and_reattaching_restores_every_index() {
        LiveNode child = holder("child", 1000);
        LiveNode parent = holder("parent", 3000);
        assertThat(swarm.reserve(parent, 1000)).isTrue();
        Assignment assignment = assignment("a-1", child, parent);
        assertThat(swarm.assignToOnlineParents(assignment)).isTrue();

        assertThat(swarm.detach("a-1")).contains(assignment);
        assertThat(swarm.assignment("a-1")).isEmpty();
        assertThat(swarm.assignmentOf("child", "match-1")).isEmpty();
        assertThat(swarm.assignmentsAsParent("parent")).isEmpty();
        assertThat(swarm.liveChildren("match-1")).isZero();
        assertThat(parent.spareKbps()).as("kept until the end is written").isEqualTo(2000);

        swarm.reattach(assignment);
        assertThat(swarm.assignmentOf("child", "match-1")).contains(assignment);
        assertThat(swarm.assignmentsAsParent("parent")).containsExactly(assignment);
        assertThat(swarm.assignmentsAsChild("child")).containsExactly(assignment);
        assertThat(swarm.liveChildren("match-1")).isEqualTo(1);
        assertThat(parent.spareKbps()).isEqualTo(2000);

        swarm.detach("a-1");
        swarm.releaseReservations(assignment);
        assertThat(parent.spareKbps()).isEqualTo(3000);
        assertThat(swarm.holdersSpareKbps("match-1")).isEqualTo(4000);
    }

    @Test
    void a_re_ask_whose_parent_left_meanwhile_leaves_the_live_allocation_the_live_one() {
        LiveNode child = holder("child", 1000);
        LiveNode first = holder("first", 3000);
        LiveNode leaving = holder("leaving", 3000);
        swarm.reserve(first, 1000);
        Assignment live = assignment("a-1", child, first);
        swarm.assignToOnlineParents(live);

        swarm.reserve(leaving, 1000);
        leaving.depart();
        assertThat(swarm.assignToOnlineParents(assignment("a-2", child, leaving)))
                .isFalse();

        assertThat(swarm.assignmentOf("child", "match-1")).contains(live);
        assertThat(swarm.liveChildren("match-1")).isEqualTo(1);
    }

    @Test
    void a_node_whose_leave_is_undone_is_back_with_its_holdings_uplink_and_heartbeat() {
        LiveNode child = holder("child", 1000);
        LiveNode parent = holder("parent", 3000);
        swarm.hold(parent, "match-2", 0.5);
        swarm.reserve(parent, 1000);
        Assignment served = assignment("a-1", child, parent);
        swarm.assignToOnlineParents(served);
        parent.heartbeat(NOW.plusSeconds(5), null);

        LiveNode gone = swarm.leave("parent").orElseThrow();
        swarm.detach("a-1");
        assertThat(swarm.holderCount("match-1")).isEqualTo(1);

        // The inverses, newest first.
        swarm.reattach(served);
        LiveNode back = swarm.returnAfterFailedLeave(gone);

        assertThat(swarm.online("parent")).isSameAs(back);
        assertThat(back.holdings()).containsEntry("match-1", 1.0).containsEntry("match-2", 0.5);
        assertThat(back.reservedKbps()).isEqualTo(1000);
        assertThat(back.lastHeartbeatAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(back.joinedAt()).isEqualTo(gone.joinedAt());
        assertThat(swarm.holderCount("match-1")).isEqualTo(2);
        assertThat(swarm.holdersSpareKbps("match-1")).isEqualTo(1000 + 2000);
        assertThat(swarm.holderCount("match-2")).isEqualTo(1);
        assertThat(swarm.assignmentsAsParent("parent")).containsExactly(served);
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
        LiveNode node = swarm.join(Profiles.client(id, uplinkKbps), Classification.regular(), NOW);
        swarm.hold(node, "match-1", 1.0);
        return node;
    }
}
