package io.peerage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.membership.Membership;
import io.peerage.node.Classification;
import io.peerage.node.NodeEntity;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Nodes", description = "Peers, CDN nodes and waypoint servers joining, leaving and declaring holdings")
public class NodeResource {

    private final Membership membership;
    private final Swarm swarm;
    private final ObjectMapper json;

    NodeResource(Membership membership, Swarm swarm, ObjectMapper json) {
        this.membership = membership;
        this.swarm = swarm;
        this.json = json;
    }

    /** What a node that left answers with: the allocations that ended with it. */
    public record LeaveView(String nodeId, List<AllocationView> endedAsChild, List<AllocationView> endedAsParent) {}

    /** The optional body of a holding: the fraction of a file the node has. */
    public record HoldingRequest(
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
            Double fraction) {}

    @POST
    @Operation(summary = "Join a node, or update it when its id is known (200 instead of 201)")
    public Response join(@NotNull @Valid NodeProfile body) {
        List<FieldError> errors = new ArrayList<>();
        if (body.kind() == NodeKind.CLIENT && body.capabilities() == null) {
            errors.add(new FieldError(
                    "capabilities",
                    "is required for CLIENT nodes: declare acceptsIncoming, initiatesConnections and canForward"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        Membership.Joined joined = membership.join(body);
        NodeView view = live(joined.node());
        if (joined.created()) {
            return Response.created(URI.create("/v1/nodes/" + view.id()))
                    .entity(view)
                    .build();
        }
        return Response.ok(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A node with its classification, holdings and current allocations")
    public NodeView get(@PathParam("id") String id) {
        return swarm.node(id).map(this::live).orElseGet(() -> departed(id));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "A node leaves: its holdings go and every allocation it takes part in ends")
    public LeaveView leave(@PathParam("id") String id) {
        Membership.Left left = membership.leave(id);
        String reason = "node " + id + " left";
        return new LeaveView(
                left.nodeId(),
                left.endedAsChild().stream()
                        .map(a -> AllocationView.of(a, "ENDED", left.at(), reason))
                        .toList(),
                left.endedAsParent().stream()
                        .map(a -> AllocationView.of(a, "ENDED", left.at(), reason))
                        .toList());
    }

    @PUT
    @Path("/{id}/holdings/{contentId}")
    @Operation(summary = "The node holds the content: whole, or a fraction of a file")
    public Response hold(
            @PathParam("id") String id, @PathParam("contentId") String contentId, @Valid HoldingRequest body) {
        double fraction = body == null || body.fraction() == null ? 1.0 : body.fraction();
        membership.hold(id, contentId, fraction);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/holdings/{contentId}")
    @Operation(summary = "The node no longer holds the content")
    public Response drop(@PathParam("id") String id, @PathParam("contentId") String contentId) {
        membership.drop(id, contentId);
        return Response.noContent().build();
    }

    private NodeView live(LiveNode node) {
        List<NodeView.HoldingView> holdings = node.holdings().entrySet().stream()
                .map(entry -> new NodeView.HoldingView(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparing(NodeView.HoldingView::contentId))
                .toList();
        return NodeView.of(
                node.profile(),
                node.classification(),
                true,
                node.spareKbps(),
                node.reservedKbps(),
                holdings,
                views(swarm.assignmentsAsChild(node.id())),
                views(swarm.assignmentsAsParent(node.id())),
                node.joinedAt(),
                null);
    }

    private NodeView departed(String id) {
        NodeEntity entity =
                NodeEntity.<NodeEntity>findByIdOptional(id).orElseThrow(() -> new NotFoundException("node", id));
        try {
            return NodeView.of(
                    json.readValue(entity.profile, NodeProfile.class),
                    json.readValue(entity.classification, Classification.class),
                    entity.leftAt == null,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    entity.joinedAt,
                    entity.leftAt);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("node " + id + " has an unreadable profile", e);
        }
    }

    private static List<AllocationView> views(List<Assignment> assignments) {
        return assignments.stream()
                .sorted(Comparator.comparing(Assignment::createdAt).thenComparing(Assignment::id))
                .map(AllocationView::active)
                .toList();
    }
}
