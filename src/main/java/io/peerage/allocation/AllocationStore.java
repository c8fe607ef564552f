package io.peerage.allocation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.journal.Batch;
import io.peerage.journal.Change;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Allocation rows: written through the journal, read back for history and on restart. */
@ApplicationScoped
public class AllocationStore {

    private final ObjectMapper json;
    private final EntityManager entityManager;
    // Why recent allocations ended, in memory, for heartbeat answers: the newest RECENT_ENDINGS only.
    private final Map<String, String> recentEndings =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(1024, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                    return size() > RECENT_ENDINGS;
                }
            });
    private static final int RECENT_ENDINGS = 100_000;

    /** Why an allocation ended, while it is among the recent ones; empty after that or after a restart. */
    public Optional<String> recentEndReason(String allocationId) {
        return Optional.ofNullable(recentEndings.get(allocationId));
    }

    private final AllocationSettings settings;

    AllocationStore(ObjectMapper json, EntityManager entityManager, AllocationSettings settings) {
        this.json = json;
        this.entityManager = entityManager;
        this.settings = settings;
    }

    /** The change that writes a new live allocation. */
    public Change created(Assignment assignment) {
        AllocationRows.Row row = new AllocationRows.Row(
                assignment.id(),
                assignment.childId(),
                assignment.contentId(),
                assignment.requiredKbps(),
                assignment.coveredKbps(),
                write(assignment.parents()),
                write(assignment.relaxedPolicies()),
                assignment.summary().length() > 2000 ? assignment.summary().substring(0, 2000) : assignment.summary(),
                assignment.createdAt(),
                null,
                assignment.revision(),
                assignment.maxParents());
        return batch -> rows(batch).add(row);
    }

    /** The change that writes a live allocation's new revision: its parents, covered rate and summary. */
    public Change revised(Assignment assignment) {
        AllocationRows.Revision revision = new AllocationRows.Revision(
                assignment.id(),
                assignment.revision(),
                assignment.coveredKbps(),
                write(assignment.parents()),
                assignment.summary().length() > 2000 ? assignment.summary().substring(0, 2000) : assignment.summary());
        return batch -> rows(batch).revise(revision);
    }

    /** The change that ends an allocation if it is still live. */
    public Change ended(String allocationId, Instant at, String reason) {
        recentEndings.put(allocationId, reason);
        AllocationRows.Ending ending = new AllocationRows.Ending(allocationId, at, reason);
        return batch -> rows(batch).end(ending);
    }

    private static AllocationRows rows(Batch batch) {
        return batch.group(AllocationRows.class, AllocationRows::new);
    }

    public Optional<AllocationEntity> find(String id) {
        return Optional.ofNullable(entityManager.find(AllocationEntity.class, id));
    }

    /**
     * The allocation a row holds. A row written before the requested maxParents was kept reads as the configured
     * default, or as many parents as it has when that is more: no allocation ever had more parents than it asked for.
     */
    public Assignment toAssignment(AllocationEntity entity) {
        try {
            List<ParentShare> parents = json.readValue(entity.parents, new TypeReference<List<ParentShare>>() {});
            int maxParents = entity.maxParents != null
                    ? entity.maxParents
                    : Math.max(settings.defaultMaxParents(), parents.size());
            return new Assignment(
                    entity.id,
                    entity.childId,
                    entity.contentId,
                    entity.requiredKbps,
                    parents,
                    json.readValue(entity.relaxedPolicies, new TypeReference<List<String>>() {}),
                    entity.summary,
                    entity.createdAt,
                    entity.revision,
                    maxParents);
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
