package io.peerage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerage.allocation.Allocated;
import io.peerage.allocation.AllocationEntity;
import io.peerage.allocation.AllocationService;
import io.peerage.allocation.AllocationStore;
import io.peerage.audit.Decision;
import io.peerage.audit.DecisionStore;
import io.peerage.error.ConflictException;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.identity.Caller;
import io.peerage.identity.Roles;
import io.peerage.node.NodeProfile;
import io.peerage.swarm.Assignment;
import io.peerage.swarm.Swarm;
import io.peerage.upkeep.ConnectionOutcome;
import io.peerage.upkeep.Connections;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/allocations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Allocations", description = "Policy-checked parents for a child and a content, and why")
public class AllocationResource {

    private final AllocationService service;
    private final AllocationStore allocations;
    private final DecisionStore decisions;
    private final Swarm swarm;
    private final Caller caller;
    private final Connections connections;
    private final ObjectMapper json;

    AllocationResource(
            AllocationService service,
            AllocationStore allocations,
            DecisionStore decisions,
            Swarm swarm,
            Caller caller,
            Connections connections,
            ObjectMapper json) {
        this.json = json;
        this.connections = connections;
        this.service = service;
        this.allocations = allocations;
        this.decisions = decisions;
        this.swarm = swarm;
        this.caller = caller;
    }

    /** A request for parents. */
    public record AllocationRequestBody(
            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String nodeId,

            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String contentId,

            @Min(1) @Max(16) Integer maxParents) {}

    /** The answer to a successful request: the parents and how to connect to them. */
    public record AllocationAnswer(
            String allocationId,
            String nodeId,
            String contentId,
            long requiredKbps,
            long coveredKbps,
            List<io.peerage.swarm.ParentShare> parents,
            String summary,
            List<String> relaxedPolicies,
            int policyVersion,
            int maxParents) {}

    /**
     * Read, checked and authorised on the event loop; the pipeline runs on a worker thread, which is free again once
     * the decision is submitted to the journal; the answer is written on the event loop once the journal has written
     * the decision (or undone it). No thread waits for the body or for the commit.
     */
    @POST
    @Operation(summary = "Find parents for a child and a content; replaces the child's live allocation of it")
    @RolesAllowed(Roles.NODE)
    public CompletionStage<Response> allocate(@NotNull @Valid AllocationRequestBody body) {
        caller.actAs(body.nodeId());
        Context requestContext = Vertx.currentContext();
        Executor answerOn =
                requestContext == null ? Runnable::run : task -> requestContext.runOnContext(v -> task.run());
        CompletableFuture<Response> response = new CompletableFuture<>();
        service.allocateLater(
                        body.nodeId(),
                        body.contentId(),
                        body.maxParents(),
                        Infrastructure.getDefaultWorkerPool(),
                        answerOn)
                .whenComplete((allocated, failure) -> {
                    if (failure != null) {
                        response.completeExceptionally(failure);
                    } else {
                        response.complete(created(allocated));
                    }
                });
        return response;
    }

    private static Response created(Allocated allocated) {
        var assignment = allocated.assignment();
        AllocationAnswer answer = new AllocationAnswer(
                assignment.id(),
                assignment.childId(),
                assignment.contentId(),
                assignment.requiredKbps(),
                assignment.coveredKbps(),
                assignment.parents(),
                assignment.summary(),
                assignment.relaxedPolicies(),
                allocated.decision().policyVersion(),
                assignment.maxParents());
        return Response.created(URI.create("/v1/allocations/" + assignment.id()))
                .entity(answer)
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One allocation: active, ended, or rejected (a decision that found no parent)")
    @RolesAllowed({Roles.NODE, Roles.AUDITOR})
    public AllocationView get(@PathParam("id") String id) {
        AllocationView view = find(id);
        List<String> members = new java.util.ArrayList<>(List.of(view.nodeId()));
        view.parents().forEach(parent -> members.add(parent.nodeId()));
        caller.actAsOneOf(members, "allocation '" + id + "'");
        return view;
    }

    private AllocationView find(String id) {
        var live = swarm.assignment(id);
        if (live.isPresent()) {
            return AllocationView.active(live.get());
        }
        var stored = allocations.find(id);
        if (stored.isPresent()) {
            AllocationEntity entity = stored.get();
            return AllocationView.of(allocations.toAssignment(entity), entity.status, entity.endedAt, entity.endReason);
        }
        Decision decision = decisions.find(id).orElseThrow(() -> new NotFoundException("allocation", id));
        return new AllocationView(
                decision.allocationId(),
                decision.childId(),
                decision.contentId(),
                "REJECTED",
                decision.requiredKbps(),
                0,
                List.of(),
                decision.summary(),
                decision.relaxedPolicies(),
                decision.decidedAt(),
                null,
                null,
                0,
                null);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "End an allocation and free the uplink it reserved")
    @RolesAllowed(Roles.NODE)
    public Response end(@PathParam("id") String id) {
        swarm.assignment(id)
                .map(assignment -> assignment.childId())
                .or(() -> allocations.find(id).map(entity -> entity.childId))
                .ifPresent(child -> caller.actAsOneOf(List.of(child), "allocation '" + id + "' (its child)"));
        service.end(id, "ended by the client");
        return Response.noContent().build();
    }

    /** What the child or a parent of an allocation says of their pair's connection. */
    public record ConnectionReport(
            @NotNull @Pattern(regexp = NodeProfile.ID_PATTERN, message = NodeProfile.ID_MESSAGE)
            String parentId,

            @NotNull ConnectionOutcome outcome,

            @Size(max = MAX_DETAIL, message = "must be at most " + MAX_DETAIL + " characters")
            String detail) {}

    /** The longest {@code detail} kept with a failure (the {@code pair_bar.detail} column). */
    static final int MAX_DETAIL = 500;

    /**
     * The answer to a connection report: the allocation as it is now, as {@code GET /v1/allocations/{id}} shows it.
     *
     * @param repaired true when this report repaired the allocation (a failure reported again is not repaired again)
     * @param barredUntil for a failure: until when the pair is barred
     * @param connectedAt for a connection: when the pair was first reported connected
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionAnswer(
            String parentId,
            ConnectionOutcome outcome,
            String reportedBy,
            boolean repaired,
            Instant barredUntil,
            Instant connectedAt,
            AllocationView allocation) {}

    @POST
    @Path("/{id}/connections")
    @Operation(
            summary = "The child or a parent reports whether their pair connected; a failure bars the pair and"
                    + " repairs the allocation for that parent's share (trigger CONNECTION_FAILED)")
    @RolesAllowed(Roles.NODE)
    public ConnectionAnswer reportConnection(@PathParam("id") String id, @NotNull @Valid ConnectionReport body) {
        Assignment live = swarm.assignment(id).orElse(null);
        if (live == null) {
            AllocationView gone = find(id);
            List<String> members = new java.util.ArrayList<>(List.of(gone.nodeId()));
            gone.parents().forEach(parent -> members.add(parent.nodeId()));
            caller.actAsOneOf(members, "allocation '" + id + "'");
            throw new ConflictException(
                    "allocation-not-live",
                    "allocation " + id + " is " + gone.status()
                            + (gone.endReason() == null ? "" : " (" + gone.endReason() + ")")
                            + ": a connection is reported only for a live allocation");
        }
        // The child, or the parent the report names: a node reports only on a pair it is part of.
        List<String> pair = connections.isPairOf(live, body.parentId())
                ? List.of(live.childId(), body.parentId())
                : List.of(live.childId());
        caller.actAsOneOf(pair, "allocation '" + id + "' (its child, or the parent the report names)");
        Connections.Reported reported =
                connections.report(id, body.parentId(), body.outcome(), body.detail(), caller.name());
        return new ConnectionAnswer(
                reported.parentId(),
                reported.outcome(),
                caller.name(),
                reported.repaired(),
                reported.bar().map(bar -> bar.until()).orElse(null),
                reported.connectedAt().orElse(null),
                AllocationView.active(reported.allocation()));
    }

    @GET
    @Path("/{id}/explanation")
    @Operation(
            summary = "Every candidate considered, with its verdict, reasons and score: of one revision (the latest"
                    + " unless ?revision=n), with the trigger of a repair")
    @RolesAllowed(Roles.AUDITOR)
    public ObjectNode explanation(@PathParam("id") String id, @QueryParam("revision") String revision) {
        Integer wanted = null;
        if (revision != null && !revision.isBlank()) {
            try {
                wanted = Integer.parseInt(revision.trim());
            } catch (NumberFormatException e) {
                wanted = -1;
            }
            if (wanted < 0) {
                throw new InvalidInputException(
                        List.of(new FieldError("revision", "'" + revision + "' is not a revision: 0, 1, 2...")));
            }
        }
        DecisionStore.Revision found = decisions
                .revision(id, wanted)
                .orElseThrow(() ->
                        new NotFoundException("allocation", id + (revision == null ? "" : " revision " + revision)));
        ObjectNode view = json.valueToTree(found.decision());
        view.put("decisionId", found.decisionId());
        view.put("revision", found.revision());
        view.put("trigger", found.trigger() == null ? null : found.trigger().name());
        return view;
    }
}
