package io.peerage.allocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Allocation rows: written through the journal, read back for history and on restart. */
@ApplicationScoped
public class AllocationStore {

    private final ObjectMapper json;
    private final EntityManager entityManager;

    AllocationStore(ObjectMapper json, EntityManager entityManager) {
        this.json = json;
        this.entityManager = entityManager;
    }

    public Consumer<EntityManager> created(Assignment assignment) {
        String parents = write(assignment.parents());
        String relaxed = write(assignment.relaxedPolicies());
        return em -> {
            AllocationEntity entity = new AllocationEntity();
            entity.id = assignment.id();
            entity.childId = assignment.childId();
            entity.contentId = assignment.contentId();
            entity.status = AllocationEntity.ACTIVE;
            entity.requiredKbps = assignment.requiredKbps();
            entity.coveredKbps = assignment.coveredKbps();
            entity.parents = parents;
            entity.relaxedPolicies = relaxed;
            entity.summary = assignment.summary().length() > 2000
                    ? assignment.summary().substring(0, 2000)
                    : assignment.summary();
            entity.createdAt = assignment.createdAt();
            em.persist(entity);
        };
    }

    public Consumer<EntityManager> ended(String allocationId, Instant at, String reason) {
        return em -> em.createQuery("update AllocationEntity set status = :ended, endedAt = :at, endReason = :reason"
                        + " where id = :id and status = :active")
                .setParameter("ended", AllocationEntity.ENDED)
                .setParameter("at", at)
                .setParameter("reason", reason)
                .setParameter("id", allocationId)
                .setParameter("active", AllocationEntity.ACTIVE)
                .executeUpdate();
    }

    public Optional<AllocationEntity> find(String id) {
        return Optional.ofNullable(entityManager.find(AllocationEntity.class, id));
    }

    public Assignment toAssignment(AllocationEntity entity) {
        try {
            return new Assignment(
                    entity.id,
                    entity.childId,
                    entity.contentId,
                    entity.requiredKbps,
                    json.readValue(entity.parents, new TypeReference<List<ParentShare>>() {}),
                    json.readValue(entity.relaxedPolicies, new TypeReference<List<String>>() {}),
                    entity.summary,
                    entity.createdAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("allocation " + entity.id + " has unreadable parents", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value, e);
        }
    }
}
