package io.peerage.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.Classification;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
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
        index.add(cdn, cdn.place(), 10_000_000);
        index.add(peerA, peerA.place(), 1000);
        index.add(peerB, peerB.place(), 5000);

        index.move(cdn, cdn.place(), 10_000_000, 9_996_000); // same rank: stays in place
        index.move(peerB, peerB.place(), 5000, 500); // another rank: moves behind peer-a

        assertThat(ids(index)).containsExactly("cdn", "peer-a", "peer-b");
        assertThat(index.totalSpareKbps()).isEqualTo(9_996_000 + 1000 + 500);
        assertThat(index.size()).isEqualTo(3);

        index.remove(peerA, peerA.place(), 1000);
        index.remove(peerB, peerB.place(), 500);
        index.move(cdn, cdn.place(), 9_996_000, 10_000_000);

        assertThat(ids(index)).containsExactly("cdn");
        assertThat(index.totalSpareKbps()).isEqualTo(10_000_000);
    }

    @Test
    void holders_of_several_cells_are_merged_most_spare_first_and_a_move_stays_in_its_cell() {
        HolderIndex index = new HolderIndex();
        LiveNode alpha1 = node("alpha-1", 100L, "Oslo");
        LiveNode alpha2 = node("alpha-2", 100L, "Vestland");
        LiveNode beta = node("beta", 200L, "Oslo");
        index.add(alpha1, alpha1.place(), 3000);
        index.add(alpha2, alpha2.place(), 1000);
        index.add(beta, beta.place(), 2000);

        index.move(alpha1, alpha1.place(), 3000, 500);

        assertThat(index.cells()).hasSize(3);
        assertThat(index.cells()).allSatisfy(cell -> assertThat(cell.size.get()).isEqualTo(1));
        assertThat(ids(index)).containsExactly("beta", "alpha-2", "alpha-1");
        assertThat(index.totalSpareKbps()).isEqualTo(500 + 1000 + 2000);
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void a_cell_whose_last_holder_leaves_is_dropped_so_places_named_by_departed_clients_leave_nothing_behind() {
        HolderIndex index = new HolderIndex();
        LiveNode stays = node("stays", 100L, "Oslo");
        index.add(stays, stays.place(), 1000);
        for (int i = 0; i < 1000; i++) {
            LiveNode passing = node("passing-" + i, 10_000L + i, "Region " + i);
            index.add(passing, passing.place(), 500);
            index.move(passing, passing.place(), 500, 50_000);
            index.remove(passing, passing.place(), 50_000);
        }

        assertThat(index.cells()).extracting(cell -> cell.place).containsExactly(stays.place());
        assertThat(ids(index)).containsExactly("stays");
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.totalSpareKbps()).isEqualTo(1000);

        // A cell dropped and named again starts afresh.
        LiveNode again = node("again", 10_000L, "Region 0");
        index.add(again, again.place(), 700);
        assertThat(index.cells()).hasSize(2);
        assertThat(ids(index)).containsExactly("stays", "again");
    }

    @Test
    void holders_added_and_removed_from_many_threads_in_shared_cells_leave_exact_counts_and_no_empty_cell()
            throws InterruptedException {
        HolderIndex index = new HolderIndex();
        int threads = 4;
        int perThread = 2000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            workers.add(new Thread(() -> {
                for (int i = first; i < first + perThread; i++) {
                    // Three shared places, so that adds and removals of different holders meet in the same cells.
                    LiveNode holder = node("h-" + i, 100L + i % 3, "Oslo");
                    index.add(holder, holder.place(), 100 + i);
                    if (i % 2 == 0) {
                        index.remove(holder, holder.place(), 100 + i);
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }

        int kept = threads * perThread / 2;
        assertThat(index.size()).isEqualTo(kept);
        assertThat(ids(index)).hasSize(kept);
        assertThat(index.cells())
                .hasSize(3)
                .allSatisfy(cell -> assertThat(cell.entries).hasSize(cell.size.get()));
        long spare = 0;
        for (int i = 1; i < threads * perThread; i += 2) {
            spare += 100 + i;
        }
        assertThat(index.totalSpareKbps()).isEqualTo(spare);
    }

    @Test
    void parts_are_seen_from_the_child_asn_first_then_region_country_and_the_rest() {
        HolderPlace child = place(NodeKind.CLIENT, 100L, "Alpha", "NO", "Oslo");

        assertThat(place(NodeKind.CLIENT, 100L, "Other name", "SE", null).seenFrom(child))
                .isEqualTo(HolderPart.NETWORK);
        assertThat(place(NodeKind.CLIENT, 200L, "Alpha", "NO", "OSLO").seenFrom(child))
                .isEqualTo(HolderPart.REGION);
        assertThat(place(NodeKind.CLIENT, 200L, "Beta", "NO", "Vestland").seenFrom(child))
                .isEqualTo(HolderPart.COUNTRY);
        assertThat(place(NodeKind.CLIENT, 200L, "Beta", "SE", "Oslo").seenFrom(child))
                .isEqualTo(HolderPart.ELSEWHERE);
        assertThat(place(NodeKind.CLIENT, null, null, null, null).seenFrom(child))
                .isEqualTo(HolderPart.ELSEWHERE);
        assertThat(place(NodeKind.CDN, 100L, "Alpha", "NO", "Oslo").seenFrom(child))
                .isEqualTo(HolderPart.INFRASTRUCTURE);
        assertThat(place(NodeKind.WAYPOINT, null, null, "NO", null).seenFrom(child))
                .isEqualTo(HolderPart.INFRASTRUCTURE);

        HolderPlace noAsn = place(NodeKind.CLIENT, null, "Alpha", "NO", "Oslo");
        assertThat(place(NodeKind.CLIENT, 300L, "ALPHA", "DE", null).seenFrom(noAsn))
                .isEqualTo(HolderPart.NETWORK);
        HolderPlace nowhere = place(NodeKind.CLIENT, null, null, null, null);
        assertThat(place(NodeKind.CLIENT, null, null, null, null).seenFrom(nowhere))
                .isEqualTo(HolderPart.ELSEWHERE);
    }

    private static HolderPlace place(NodeKind kind, Long asn, String isp, String country, String region) {
        return HolderPlace.of(new NodeProfile(
                        "n",
                        kind,
                        null,
                        null,
                        new NetworkLocation(null, asn, isp, country, region, null, null, null),
                        1000L,
                        null,
                        null,
                        null,
                        List.of())
                .withDefaults("n"));
    }

    private static LiveNode node(String id, Long asn, String region) {
        NodeProfile profile = new NodeProfile(
                        id,
                        NodeKind.CLIENT,
                        null,
                        null,
                        new NetworkLocation(null, asn, null, "NO", region, null, null, null),
                        10_000L,
                        null,
                        null,
                        null,
                        List.of())
                .withDefaults(id);
        return new LiveNode(profile, Classification.regular(), Instant.EPOCH);
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
