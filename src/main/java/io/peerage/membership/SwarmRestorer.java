package io.peerage.membership;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.allocation.AllocationEntity;
import io.peerage.allocation.AllocationStore;
import io.peerage.content.ContentCatalog;
import io.peerage.content.ContentEntity;
import io.peerage.content.HoldingEntity;
import io.peerage.node.Classification;
import io.peerage.node.NodeEntity;
import io.peerage.node.NodeProfile;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.Repairs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Rebuilds the live swarm from the database on start: contents, online nodes, their holdings, and the active
 * allocations with their reservations. Heartbeats then bring it up to date.
 */
@ApplicationScoped
public class SwarmRestorer {

    private static final Logger LOG = Logger.getLogger(SwarmRestorer.class);

    private final Swarm swarm;
    private final ContentCatalog contents;
    private final AllocationStore allocations;
    private final Repairs repairs;
    private final ObjectMapper json;

    SwarmRestorer(
            Swarm swarm, ContentCatalog contents, AllocationStore allocations, Repairs repairs, ObjectMapper json) {
        this.repairs = repairs;
        this.swarm = swarm;
        this.contents = contents;
        this.allocations = allocations;
        this.json = json;
    }

    /** After the policies (which classify) and before requests are served. */
    void onStart(@Observes @Priority(20) StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::restore);
    }

    void restore() {
        swarm.clear();
        ContentEntity.<ContentEntity>streamAll().forEach(entity -> contents.restore(entity.toContent()));
        int silent = 0;
        for (NodeEntity entity : NodeEntity.online()) {
            NodeProfile profile = read(entity.profile, NodeProfile.class);
            Classification classification = read(entity.classification, Classification.class);
            if (entity.silentAt != null) {
                // SILENT stays SILENT: out of every index until its next heartbeat.
                swarm.restoreSilent(profile, classification, entity.joinedAt);
                silent++;
            } else {
                swarm.join(profile, classification, entity.joinedAt);
            }
        }
        for (HoldingEntity holding : HoldingEntity.ofOnlineNodes()) {
            swarm.node(holding.key.nodeId())
                    .or(() -> swarm.silent(holding.key.nodeId()))
                    .ifPresent(node -> swarm.hold(node, holding.key.contentId(), holding.fraction));
        }
        int restored = 0;
        for (AllocationEntity entity : AllocationEntity.active()) {
            Assignment assignment = allocations.toAssignment(entity);
            for (ParentShare parent : assignment.parents()) {
                swarm.node(parent.nodeId()).ifPresent(node -> swarm.restoreReservation(node, parent.rateKbps()));
            }
            swarm.assign(assignment);
            repairs.awaitParents(assignment);
            restored++;
        }
        LOG.infof(
                "Swarm restored: %d contents, %d online nodes, %d silent nodes, %d active allocations",
                contents.size(), swarm.size(), silent, restored);
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + ": " + text, e);
        }
    }
}
