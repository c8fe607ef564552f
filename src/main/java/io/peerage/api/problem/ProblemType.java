package io.peerage.api.problem;

import jakarta.ws.rs.core.Response.Status;

/** Every kind of problem the API answers with; the type URI is {@link Problem#TYPE_BASE} plus the slug. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "The request is invalid", Status.BAD_REQUEST),
    MALFORMED_JSON("malformed-json", "The body is not well-formed JSON", Status.BAD_REQUEST),
    UNAUTHENTICATED("unauthenticated", "Authentication required", Status.UNAUTHORIZED),
    FORBIDDEN("forbidden", "Not allowed", Status.FORBIDDEN),
    UNKNOWN_NODE("unknown-node", "No such node", Status.NOT_FOUND),
    UNKNOWN_CONTENT("unknown-content", "No such content", Status.NOT_FOUND),
    UNKNOWN_ALLOCATION("unknown-allocation", "No such allocation", Status.NOT_FOUND),
    UNKNOWN_POLICY_FILE("unknown-policy-file", "No such policy file", Status.NOT_FOUND),
    UNKNOWN_POLICY_VERSION("unknown-policy-version", "No such policy version", Status.NOT_FOUND),
    NOT_FOUND("not-found", "No such resource", Status.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", Status.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable", Status.NOT_ACCEPTABLE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", Status.UNSUPPORTED_MEDIA_TYPE),
    NODE_OFFLINE("node-offline", "The node has left the swarm", Status.CONFLICT),
    NODE_SILENT("node-silent", "The node is SILENT: its lease ran out", Status.CONFLICT),
    NOT_A_PARENT("not-a-parent", "The node is not a parent of the allocation", Status.CONFLICT),
    CONFLICT("conflict", "Conflict with the current state", Status.CONFLICT),
    TOO_MANY_REPORTS("too-many-reports", "Too many reports acted on for this node", 429),
    ACTIVATION_NEEDS_CONFIRM(
            "activation-needs-confirm",
            "The policies would repair too many live allocations without confirmation",
            Status.CONFLICT),
    NO_ELIGIBLE_PARENT("no-eligible-parent", "No eligible parent", 422),
    INVALID_POLICY("invalid-policy", "The policies do not compile", 422),
    WORK_TOO_LARGE("work-too-large", "The work is larger than this service runs", 422),
    WORK_STOPPED("work-stopped", "The work was stopped before its end", 422),
    POLICY_ERROR("policy-error", "A policy failed while it ran", Status.INTERNAL_SERVER_ERROR),
    POLICY_TIMEOUT("policy-timeout", "The policies took too long", Status.SERVICE_UNAVAILABLE),
    OVERLOADED("overloaded", "The service is overloaded", Status.SERVICE_UNAVAILABLE),
    UNAVAILABLE("unavailable", "The change could not be made now", Status.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR("internal-error", "Internal error", Status.INTERNAL_SERVER_ERROR);

    private final String slug;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, Status status) {
        this(slug, title, status.getStatusCode());
    }

    ProblemType(String slug, String title, int status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public String uri() {
        return Problem.TYPE_BASE + slug;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
