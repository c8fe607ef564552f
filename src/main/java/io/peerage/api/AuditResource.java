package io.peerage.api;

import io.peerage.allocation.WhyNot;
import io.peerage.audit.DecisionEntity;
import io.peerage.audit.DecisionStore;
import io.peerage.audit.Outcome;
import io.peerage.audit.RepairTrigger;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit", description = "Why a node was or was not chosen, for any decision")
@RolesAllowed(Roles.AUDITOR)
public class AuditResource {

    static final int MAX_PAGE_SIZE = 200;

    private final WhyNot whyNot;
    private final DecisionStore decisions;

    AuditResource(WhyNot whyNot, DecisionStore decisions) {
        this.whyNot = whyNot;
        this.decisions = decisions;
    }

    /** One row of the decision list; the full explanation is at {@code explanation}. */
    public record DecisionRow(
            String allocationId,
            Instant decidedAt,
            String childId,
            String contentId,
            Outcome outcome,
            int policyVersion,
            String summary,
            String explanation,
            String decisionId,
            int revision,
            RepairTrigger trigger) {}

    public record DecisionPage(List<DecisionRow> items, int page, int size, long total) {}

    @GET
    @Path("/why-not")
    @Operation(summary = "Why a node was not chosen as a child's parent")
    public WhyNot.Answer whyNot(
            @QueryParam("child") String child,
            @QueryParam("parent") String parent,
            @QueryParam("content") String content) {
        List<FieldError> errors = new ArrayList<>();
        if (child == null || child.isBlank()) {
            errors.add(new FieldError("child", "is required: the node that asked for content"));
        }
        if (parent == null || parent.isBlank()) {
            errors.add(new FieldError("parent", "is required: the node that was not chosen"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return whyNot.explain(child, parent, content == null || content.isBlank() ? null : content);
    }

    @GET
    @Path("/decisions")
    @Operation(summary = "Decisions, most recent first, filtered by node, content, rule and time")
    public DecisionPage decisions(
            @QueryParam("node") String node,
            @QueryParam("content") String content,
            @QueryParam("rule") String rule,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("trigger") String trigger,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        List<FieldError> errors = new ArrayList<>();
        Instant fromInstant = instant("from", from, errors);
        Instant toInstant = instant("to", to, errors);
        Paging paging = Paging.of(page, size, 50, MAX_PAGE_SIZE, errors);
        RepairTrigger repairTrigger = trigger(trigger, errors);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            errors.add(new FieldError("to", "must be after from (" + from + ")"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        DecisionStore.Page found = decisions.search(
                new DecisionStore.Filter(
                        blankToNull(node),
                        blankToNull(content),
                        blankToNull(rule),
                        fromInstant,
                        toInstant,
                        repairTrigger),
                paging.offset(),
                paging.size());
        return new DecisionPage(
                found.items().stream().map(AuditResource::row).toList(), paging.page(), paging.size(), found.total());
    }

    private static DecisionRow row(DecisionEntity entity) {
        String allocationId = entity.allocationId == null ? entity.id : entity.allocationId;
        return new DecisionRow(
                allocationId,
                entity.decidedAt,
                entity.childId,
                entity.contentId,
                entity.outcome,
                entity.policyVersion,
                entity.summary,
                "/v1/allocations/" + allocationId + "/explanation"
                        + (entity.revision == 0 ? "" : "?revision=" + entity.revision),
                entity.id,
                entity.revision,
                entity.repairTrigger);
    }

    private static RepairTrigger trigger(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return RepairTrigger.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(
                    "trigger",
                    "'" + value + "' is not a trigger; one of " + java.util.Arrays.toString(RepairTrigger.values())));
            return null;
        }
    }

    private static Instant instant(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "'" + value + "' is not an ISO-8601 instant such as 2026-11-25T13:00:00Z"));
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
