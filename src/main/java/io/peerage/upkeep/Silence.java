package io.peerage.upkeep;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.peerage.allocation.AllocationService;
import io.peerage.audit.RepairTrigger;
import io.peerage.journal.Change;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.Journal;
import io.peerage.node.NodeEntity;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A node whose lease ran out becomes SILENT, once: out of the holder indexes, its reservations freed, its allocations
 * as a child ended, and every allocation it served repaired ({@link Repairs}, trigger PARENT_SILENT); journaled as the
 * node's {@code silent_at}. Its next heartbeat brings it back online, with its old allocations gone.
 */
@ApplicationScoped
public class Silence {

    private final Swarm swarm;
    private final AllocationService allocations;
    private final Repairs repairs;
    private final Journal journal;
    private final Clock clock;
    private final Counter silenced;
    private final Counter revived;

    Silence(
            Swarm swarm,
            AllocationService allocations,
            Repairs repairs,
            Journal journal,
            Clock clock,
            MeterRegistry meters) {
        this.swarm = swarm;
        this.repairs = repairs;
        this.allocations = allocations;
        this.journal = journal;
        this.clock = clock;
        this.silenced = Counter.builder("peerage.upkeep.silenced")
                .description("Nodes that became SILENT when their lease ran out")
                .register(meters);
        this.revived = Counter.builder("peerage.upkeep.revived")
                .description("SILENT nodes brought back online by a heartbeat")
                .register(meters);
    }

    /** A node that went silent, the allocations that ended with it, and when its change set is committed. */
    public record Silenced(String nodeId, Instant at, List<Assignment> ended, ChangeSet written) {}

    /**
     * Makes a node SILENT unless it is no longer online. Does not wait for the database: the sweep goes on with the
     * next node while the journal writes.
     *
     * @throws io.peerage.journal.JournalOverloadedException when the write queue is full; nothing changed
     */
    public java.util.Optional<Silenced> silence(LiveNode node) {
        Instant now = clock.instant();
        String nodeId = node.id();
        List<Assignment> ended;
        ChangeSet written;
        try (ChangeSet set = journal.begin()) {
            set.touchNode(nodeId);
            // Out of the swarm first, so that no request takes it as a parent once its allocations are looked up.
            java.util.Optional<LiveNode> gone = swarm.silence(nodeId);
            if (gone.isEmpty()) {
                return java.util.Optional.empty();
            }
            set.undo(() -> swarm.returnAfterFailedSilence(gone.get()));
            // Its children are repaired (PARENT_SILENT); what it received ends.
            repairs.parentGone(nodeId, RepairTrigger.PARENT_SILENT, set);
            ended = allocations.endAllAsChild(nodeId, "node " + nodeId + " went silent", set);
            set.write(Change.ofEntities(em -> {
                NodeEntity entity = em.find(NodeEntity.class, nodeId);
                if (entity != null && entity.leftAt == null) {
                    entity.silentAt = now;
                    entity.updatedAt = now;
                }
            }));
            set.submit();
            written = set;
        }
        silenced.increment();
        return java.util.Optional.of(new Silenced(nodeId, now, ended, written));
    }

    /**
     * Brings a SILENT node back online for its heartbeat: a new membership, with the profile and holdings it had and
     * none of its old allocations. Any other node that is not online is refused as {@link Swarm#online} refuses it.
     */
    public LiveNode revive(String nodeId) {
        LiveNode dormant = swarm.silent(nodeId).orElse(null);
        if (dormant == null) {
            return swarm.online(nodeId);
        }
        Instant now = clock.instant();
        journal.write(Change.ofEntities(em -> {
            NodeEntity entity = em.find(NodeEntity.class, nodeId);
            if (entity != null && entity.leftAt == null) {
                entity.silentAt = null;
                entity.joinedAt = now;
                entity.updatedAt = now;
            }
        }));
        LiveNode node = swarm.join(dormant.profile(), dormant.classification(), now);
        revived.increment();
        return node;
    }
}
