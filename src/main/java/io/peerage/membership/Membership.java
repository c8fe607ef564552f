package io.peerage.membership;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.allocation.AllocationService;
import io.peerage.audit.RepairTrigger;
import io.peerage.content.ContentCatalog;
import io.peerage.content.HoldingEntity;
import io.peerage.error.NotFoundException;
import io.peerage.journal.Change;
import io.peerage.journal.ChangeSet;
import io.peerage.journal.Journal;
import io.peerage.node.Classification;
import io.peerage.node.NodeEntity;
import io.peerage.node.NodeProfile;
import io.peerage.policy.PolicyEngine;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.Repairs;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Nodes joining and leaving, and what they hold: the swarm in memory and its record in the database, together. */
@ApplicationScoped
public class Membership {

    private final Swarm swarm;
    private final PolicyEngine policies;
    private final ContentCatalog contents;
    private final AllocationService allocations;
    private final Journal journal;
    private final Repairs repairs;
    private final Clock clock;
    private final ObjectMapper json;
    private final Object[] locks = new Object[256];

    Membership(
            Swarm swarm,
            PolicyEngine policies,
            ContentCatalog contents,
            AllocationService allocations,
            Journal journal,
            Repairs repairs,
            Clock clock,
            ObjectMapper json) {
        this.repairs = repairs;
        this.swarm = swarm;
        this.policies = policies;
        this.contents = contents;
        this.allocations = allocations;
        this.journal = journal;
        this.clock = clock;
        this.json = json;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** A node after joining, and whether it was new. */
    public record Joined(LiveNode node, boolean created) {}

    /** A node that left, and the allocations that ended with it. */
    public record Left(String nodeId, Instant at, List<Assignment> endedAsChild, List<Assignment> endedAsParent) {}

    /** Joins a node, or updates it when its id is known (also after it left). Durable when this returns. */
    public Joined join(NodeProfile declared) {
        String id = declared.id() == null ? UUID.randomUUID().toString() : declared.id();
        NodeProfile profile = declared.withDefaults(id);
        Classification classification = policies.current().classify(profile);
        Instant now = clock.instant();
        String profileJson = write(profile);
        String classificationJson = write(classification);
        boolean[] created = {false};
        synchronized (lockFor(id)) {
            journal.write(Change.ofEntities(em -> {
                NodeEntity entity = em.find(NodeEntity.class, id);
                boolean isNew = entity == null;
                if (isNew) {
                    entity = new NodeEntity();
                    entity.id = id;
                    entity.joinedAt = now;
                }
                entity.kind = profile.kind().name();
                entity.profile = profileJson;
                entity.peerType = classification.peerType().name();
                entity.classification = classificationJson;
                entity.updatedAt = now;
                if (entity.leftAt != null || entity.silentAt != null) {
                    // Back after leaving or going silent: a new membership, as the live swarm sees it.
                    entity.joinedAt = now;
                }
                entity.leftAt = null;
                entity.silentAt = null;
                if (isNew) {
                    em.persist(entity);
                }
                created[0] = isNew;
            }));
            return new Joined(swarm.join(profile, classification, now), created[0]);
        }
    }

    /**
     * Takes a node out: its holdings go, and every allocation it is part of ends. Memory changes at once; if the leave
     * cannot be written, the node and its allocations are put back.
     */
    public Left leave(String nodeId) {
        // A SILENT node may leave as well: it is out of the swarm already, with nothing reserved.
        LiveNode node = swarm.silent(nodeId).orElseGet(() -> swarm.online(nodeId));
        Instant now = clock.instant();
        List<Assignment> ended;
        ChangeSet written;
        try (ChangeSet set = journal.begin()) {
            set.touchNode(nodeId);
            // Out of the swarm first, so that no request takes it as a parent once its allocations are looked up.
            swarm.leave(nodeId).ifPresent(gone -> set.undo(() -> swarm.returnAfterFailedLeave(gone)));
            // Its children keep their other parents and get a replacement for its share (PARENT_LEFT).
            repairs.parentGone(nodeId, RepairTrigger.PARENT_LEFT, set);
            ended = allocations.endAllAsChild(nodeId, "node " + nodeId + " left", set);
            set.write(Change.ofEntities(em -> {
                HoldingEntity.deleteOfNode(nodeId);
                NodeEntity entity = em.find(NodeEntity.class, nodeId);
                entity.leftAt = now;
                entity.silentAt = null;
                entity.updatedAt = now;
            }));
            set.submit();
            written = set;
        }
        written.await();
        return new Left(
                node.id(),
                now,
                ended.stream().filter(a -> a.childId().equals(nodeId)).toList(),
                ended.stream().filter(a -> !a.childId().equals(nodeId)).toList());
    }

    /** Records that a node holds a content, whole (1.0) or a fraction of a file. */
    public void hold(String nodeId, String contentId, double fraction) {
        LiveNode node = swarm.online(nodeId);
        contents.find(contentId).orElseThrow(() -> new NotFoundException("content", contentId));
        Instant now = clock.instant();
        journal.write(Change.ofEntities(em -> {
            HoldingEntity entity = em.find(HoldingEntity.class, new HoldingEntity.Key(nodeId, contentId));
            if (entity == null) {
                entity = new HoldingEntity();
                entity.key = new HoldingEntity.Key(nodeId, contentId);
                entity.since = now;
                entity.fraction = fraction;
                em.persist(entity);
            } else {
                entity.fraction = fraction;
            }
        }));
        swarm.hold(node, contentId, fraction);
    }

    /** Records that a node no longer holds a content. Allocations it serves go on until heartbeats say otherwise. */
    public void drop(String nodeId, String contentId) {
        LiveNode node = swarm.online(nodeId);
        contents.find(contentId).orElseThrow(() -> new NotFoundException("content", contentId));
        journal.write(Change.ofEntities(em -> em.createQuery("delete from HoldingEntity where key = :key")
                .setParameter("key", new HoldingEntity.Key(nodeId, contentId))
                .executeUpdate()));
        swarm.drop(node, contentId);
    }

    private Object lockFor(String nodeId) {
        return locks[Math.floorMod(nodeId.hashCode(), locks.length)];
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        }
    }
}
