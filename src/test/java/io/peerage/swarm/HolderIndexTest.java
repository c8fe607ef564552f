package io.peerage.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.Classification;
import io.peerage.node.NodeProfile;
import io.peerage.support.Profiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HolderIndexTest {

    @Test
    void ranks_keep_the_order_of_spare_uplink_and_are_at_most_an_eighth_apart() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            long spare =
                    random.nextInt(4) == 0 ? random.nextInt(40) : (long) (Math.pow(10, 1 + random.nextDouble() * 9));
            long more = spare + random.nextInt(1000);
            long rank = SpareRank.of(spare);

            assertThat(rank).isLessThanOrEqualTo(spare).isLessThanOrEqualTo(SpareRank.of(more));
            assertThat(spare).isLessThanOrEqualTo(SpareRank.highestOfRank(spare));
            assertThat(SpareRank.of(SpareRank.highestOfRank(spare))).isEqualTo(rank);
            assertThat(SpareRank.of(SpareRank.highestOfRank(spare) + 1)).isGreaterThan(rank);
            assertThat(SpareRank.highestOfRank(spare) - rank).isLessThanOrEqualTo(rank / 8);
        }
        assertThat(SpareRank.of(0)).isZero();
        assertThat(SpareRank.of(15)).isEqualTo(15);
        assertThat(SpareRank.of(1000)).isEqualTo(960);
        assertThat(SpareRank.highestOfRank(1000)).isEqualTo(1023);
        assertThat(SpareRank.of(10_000_000)).isEqualTo(9_437_184);
    }

    @Test
    void holders_come_most_spare_first_and_the_total_stays_exact_through_moves_within_and_across_ranks() {
        HolderIndex index = new HolderIndex();
        LiveNode cdn = node("cdn");
        LiveNode peerA = node("peer-a");
        LiveNode peerB = node("peer-b");
        index.add(cdn, 10_000_000);
        index.add(peerA, 1000);
        index.add(peerB, 5000);

        index.move(cdn, 10_000_000, 9_996_000); // same rank: stays in place
        index.move(peerB, 5000, 500); // another rank: moves behind peer-a

        assertThat(ids(index)).containsExactly("cdn", "peer-a", "peer-b");
        assertThat(index.totalSpareKbps()).isEqualTo(9_996_000 + 1000 + 500);
        assertThat(index.size()).isEqualTo(3);

        index.remove(peerA, 1000);
        index.remove(peerB, 500);
        index.move(cdn, 9_996_000, 10_000_000);

        assertThat(ids(index)).containsExactly("cdn");
        assertThat(index.totalSpareKbps()).isEqualTo(10_000_000);
    }

    private static LiveNode node(String id) {
        NodeProfile profile = Profiles.client(id, 10_000_000L);
        return new LiveNode(profile, Classification.regular(), Instant.EPOCH);
    }

    private static List<String> ids(HolderIndex index) {
        List<String> ids = new ArrayList<>();
        for (Iterator<HolderIndex.Entry> entries = index.mostSpareFirst(); entries.hasNext(); ) {
            ids.add(entries.next().nodeId());
        }
        return ids;
    }
}
