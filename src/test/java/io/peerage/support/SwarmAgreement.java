package io.peerage.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.allocation.AllocationEntity;
import io.peerage.allocation.AllocationStore;
import io.peerage.content.HoldingEntity;
import io.peerage.node.NodeEntity;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares the live swarm with the database, as a restart would rebuild it: online nodes, their holdings, the live
 * allocations with their parents, and the uplink reserved on every node. Call it once the journal has nothing waiting.
 */
public final class SwarmAgreement {

    private SwarmAgreement() {}

    public static void assertMemoryAgreesWithDatabase(Swarm swarm, AllocationStore allocations) {
        QuarkusTransaction.requiringNew().run(() -> {
            assertThat(swarm.nodes().stream().map(LiveNode::id).collect(Collectors.toSet()))
                    .as("online nodes")
                    .isEqualTo(NodeEntity.online().stream().map(node -> node.id).collect(Collectors.toSet()));

            Map<String, Map<String, Double>> storedHoldings = new TreeMap<>();
            for (HoldingEntity holding : HoldingEntity.ofOnlineNodes()) {
                storedHoldings
                        .computeIfAbsent(holding.key.nodeId(), id -> new TreeMap<>())
                        .put(holding.key.contentId(), holding.fraction);
            }
            Map<String, Map<String, Double>> liveHoldings = new TreeMap<>();
            for (LiveNode node : swarm.nodes()) {
                if (!node.holdings().isEmpty()) {
                    liveHoldings.put(node.id(), new TreeMap<>(node.holdings()));
                }
            }
            assertThat(liveHoldings).as("holdings").isEqualTo(storedHoldings);

            Map<String, Assignment> stored = new TreeMap<>();
            for (AllocationEntity entity : AllocationEntity.active()) {
                stored.put(entity.id, allocations.toAssignment(entity));
            }
            Map<String, Assignment> live = new TreeMap<>();
            swarm.assignments().forEach(assignment -> live.put(assignment.id(), assignment));
            assertThat(live.keySet()).as("live allocations").isEqualTo(stored.keySet());
            stored.forEach((id, assignment) ->
                    assertThat(live.get(id).parents()).as("parents of " + id).isEqualTo(assignment.parents()));

            Map<String, Long> reserved = new HashMap<>();
            for (Assignment assignment : stored.values()) {
                for (ParentShare parent : assignment.parents()) {
                    reserved.merge(parent.nodeId(), parent.rateKbps(), Long::sum);
                }
            }
            for (LiveNode node : swarm.nodes()) {
                assertThat(node.reservedKbps())
                        .as("uplink reserved on " + node.id())
                        .isEqualTo(reserved.getOrDefault(node.id(), 0L));
            }
        });
    }
}
