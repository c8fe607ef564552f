package io.peerage.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.node.Classification;
import io.peerage.support.Profiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many threads reserving and releasing uplink on the same few nodes, while others read the spare uplink without the
 * node's monitor: the totals come out exact, and no reader ever sees a node below zero or above its uplink.
 */
class ConcurrentReservationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final int THREADS = 16;
    private static final int ROUNDS = 5_000;
    private static final long UPLINK = 10_000;

    private final Swarm swarm = new Swarm();

    @Test
    void reservations_and_releases_from_many_threads_add_up_exactly_and_stay_within_the_uplink() throws Exception {
        List<LiveNode> nodes = List.of(holder("n1"), holder("n2"), holder("n3"));
        AtomicLong[] heldByTest = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong outOfBounds = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS + 2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                workers.add(threads.submit(() -> {
                    start.await();
                    // Each thread keeps what it reserved and gives back some of it, in sizes that cross the rank steps
                    // of the holder index (small, medium and large amounts).
                    long[] mine = new long[nodes.size()];
                    for (int round = 0; round < ROUNDS; round++) {
                        int which = (seed + round) % nodes.size();
                        long kbps = 1 + ((seed * 31L + round * 17L) % 700);
                        if (swarm.reserve(nodes.get(which), kbps)) {
                            mine[which] += kbps;
                        }
                        if (round % 3 == 0 && mine[which] > 0) {
                            long back = Math.min(mine[which], kbps);
                            swarm.release(nodes.get(which).id(), back);
                            mine[which] -= back;
                        }
                    }
                    for (int i = 0; i < mine.length; i++) {
                        heldByTest[i].addAndGet(mine[i]);
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                threads.submit(() -> {
                    while (running.get()) {
                        for (LiveNode node : nodes) {
                            long spare = node.spareKbps();
                            long reserved = node.reservedKbps();
                            if (spare < 0 || spare > UPLINK || reserved < 0 || reserved > UPLINK) {
                                outOfBounds.incrementAndGet();
                            }
                        }
                    }
                });
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(outOfBounds.get()).as("reads below zero or above the uplink").isZero();
        long totalSpare = 0;
        for (int i = 0; i < nodes.size(); i++) {
            LiveNode node = nodes.get(i);
            assertThat(node.reservedKbps()).as(node.id()).isEqualTo(heldByTest[i].get());
            assertThat(node.spareKbps()).as(node.id()).isEqualTo(UPLINK - heldByTest[i].get());
            totalSpare += node.spareKbps();
        }
        assertThat(swarm.holdersSpareKbps("match-1"))
                .as("the holder index's total")
                .isEqualTo(totalSpare);
        // The index walks the holders by their spare uplink as it is now.
        List<Long> walked = new ArrayList<>();
        swarm.holdersBySpareUplink("match-1").forEachRemaining(node -> walked.add(node.spareKbps()));
        assertThat(walked).hasSize(3).isSortedAccordingTo((a, b) -> Long.compare(SpareRank.of(b), SpareRank.of(a)));

        for (int i = 0; i < nodes.size(); i++) {
            swarm.release(nodes.get(i).id(), heldByTest[i].get());
        }
        assertThat(swarm.holdersSpareKbps("match-1")).isEqualTo(3 * UPLINK);
        nodes.forEach(node -> assertThat(node.reservedKbps()).isZero());
    }

    @Test
    void a_release_of_more_than_is_reserved_stops_at_zero_and_a_reservation_past_the_spare_uplink_is_refused() {
        LiveNode node = holder("n1");
        assertThat(swarm.reserve(node, UPLINK + 1)).isFalse();
        assertThat(swarm.reserve(node, UPLINK)).isTrue();
        assertThat(swarm.reserve(node, 1)).isFalse();
        swarm.release(node.id(), UPLINK * 3);
        assertThat(node.reservedKbps()).isZero();
        assertThat(node.spareKbps()).isEqualTo(UPLINK);
        assertThat(swarm.holdersSpareKbps("match-1")).isEqualTo(UPLINK);
    }

    private LiveNode holder(String id) {
        LiveNode node = swarm.join(Profiles.client(id, UPLINK), Classification.regular(), NOW);
        swarm.hold(node, "match-1", 1.0);
        return node;
    }
}
