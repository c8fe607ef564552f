package io.peerage.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerage.api.heartbeat.HeartbeatAnswer;
import io.peerage.api.heartbeat.ReportChecks;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.identity.Caller;
import io.peerage.identity.Enrollment;
import io.peerage.identity.NodeTokens;
import io.peerage.identity.Roles;
import io.peerage.membership.Heartbeats;
import io.peerage.membership.Membership;
import io.peerage.node.Classification;
import io.peerage.node.HeartbeatReport;
import io.peerage.node.NodeEntity;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.NodeStatus;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.ReactionBudget;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Nodes", description = "Peers, CDN nodes and waypoint servers joining, leaving and declaring holdings")
public class NodeResource {

    private static final Comparator<Assignment> OLDEST_FIRST =
            Comparator.comparing(Assignment::createdAt).thenComparing(Assignment::id);

    private final Membership membership;
    private final Heartbeats heartbeats;
    private final Swarm swarm;
    private final ObjectMapper json;
    private final Caller caller;
    private final Enrollment enrollment;
    private final NodeTokens tokens;
    private final ReactionBudget budget;

    NodeResource(
            Membership membership,
            Heartbeats heartbeats,
            Swarm swarm,
            ObjectMapper json,
            Caller caller,
            Enrollment enrollment,
            NodeTokens tokens,
            ReactionBudget budget) {
        this.membership = membership;
        this.heartbeats = heartbeats;
        this.swarm = swarm;
        this.json = json;
        this.caller = caller;
        this.enrollment = enrollment;
        this.tokens = tokens;
        this.budget = budget;
    }

    /** What a node that left answers with: the allocations that ended with it. */
    public record LeaveView(String nodeId, List<AllocationView> endedAsChild, List<AllocationView> endedAsParent) {}

    /** The optional body of a holding: the fraction of a file the node has. */
    public record HoldingRequest(
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
            Double fraction) {}

    @POST
    @PermitAll // who may join as what is the enrollment's decision (docs/api.md, "Who may call what")
    @Operation(summary = "Join a node, or update it when its id is known (200 instead of 201); answers its node token")
    public Response join(@NotNull @Valid NodeProfile body, @HeaderParam(Enrollment.HEADER) String enrollmentToken) {
        List<FieldError> errors = new ArrayList<>();
        if (body.kind() == NodeKind.CLIENT && body.capabilities() == null) {
            errors.add(new FieldError(
                    "capabilities",
                    "is required for CLIENT nodes: declare acceptsIncoming, initiatesConnections and canForward"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        NodeProfile admitted = enrollment.admit(body, enrollmentToken, caller::identity);
        Membership.Joined joined = membership.join(admitted);
        NodeTokens.NodeToken token = tokens.issue(joined.node().id());
        JoinView view = new JoinView(live(joined.node()), token.token(), token.expiresAt());
        if (joined.created()) {
            return Response.created(URI.create("/v1/nodes/" + view.node().id()))
                    .entity(view)
                    .build();
        }
        return Response.ok(view).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.NODE, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "A node with its classification, holdings and current allocations")
    public NodeView get(@PathParam("id") String id) {
        caller.actAs(id);
        return swarm.node(id).map(this::live).orElseGet(() -> departed(id));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.NODE, Roles.OPERATOR})
    @Operation(summary = "A node leaves: its holdings go and every allocation it takes part in ends")
    public LeaveView leave(@PathParam("id") String id) {
        caller.actAs(id);
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

    /**
     * Runs on the I/O thread (a {@code Uni} is non-blocking in RESTEasy Reactive): an online node's heartbeat touches
     * memory only. Any other id goes to a worker thread: a SILENT node comes back online (a database write), and only
     * the database tells a node that left from one that never joined.
     */
    @POST
    @Path("/{id}/heartbeat")
    @RolesAllowed(Roles.NODE)
    @Operation(summary = "The node is alive: records its report and answers with its live allocations and its token")
    public Uni<HeartbeatAnswer> heartbeat(@PathParam("id") String id, @Valid HeartbeatReport body) {
        caller.actAs(id);
        List<FieldError> repeated = ReportChecks.repeatedReceptions(body);
        if (!repeated.isEmpty()) {
            throw new InvalidInputException(repeated);
        }
        NodeTokens.NodeToken token =
                tokens.renew(id, (JsonWebToken) caller.identity().getPrincipal());
        Optional<LiveNode> online = swarm.node(id);
        if (online.isPresent()) {
            return Uni.createFrom().item(HeartbeatAnswer.of(id, heartbeats.beat(online.get(), body), token));
        }
        return VertxContextSupport.executeBlocking(
                () -> HeartbeatAnswer.of(id, heartbeats.beatNotOnline(id, body), token));
    }

    @PUT
    @Path("/{id}/holdings/{contentId}")
    @RolesAllowed(Roles.NODE)
    @Operation(summary = "The node holds the content: whole, or a fraction of a file")
    public Response hold(
            @PathParam("id") String id, @PathParam("contentId") String contentId, @Valid HoldingRequest body) {
        caller.actAs(id);
        double fraction = body == null || body.fraction() == null ? 1.0 : body.fraction();
        membership.hold(id, contentId, fraction);
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{id}/holdings/{contentId}")
    @RolesAllowed(Roles.NODE)
    @Operation(summary = "The node no longer holds the content")
    public Response drop(@PathParam("id") String id, @PathParam("contentId") String contentId) {
        caller.actAs(id);
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
                NodeStatus.ONLINE,
                node.spareKbps(),
                node.reservedKbps(),
                holdings,
                views(swarm.assignmentsAsChild(node.id())),
                views(swarm.assignmentsAsParent(node.id())),
                node.joinedAt(),
                null,
                node.lastHeartbeatAt(),
                NodeView.ReportView.of(node.lastReport(), budget.notActed(node.id())));
    }

    private NodeView departed(String id) {
        NodeEntity entity =
                NodeEntity.<NodeEntity>findByIdOptional(id).orElseThrow(() -> new NotFoundException("node", id));
        try {
            return NodeView.of(
                    json.readValue(entity.profile, NodeProfile.class),
                    json.readValue(entity.classification, Classification.class),
                    entity.status(),
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    entity.joinedAt,
                    entity.leftAt,
                    null,
                    null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("node " + id + " has an unreadable profile", e);
        }
    }

    private static List<AllocationView> views(List<Assignment> assignments) {
        return assignments.stream()
                .sorted(OLDEST_FIRST)
                .map(AllocationView::active)
                .toList();
    }
}
