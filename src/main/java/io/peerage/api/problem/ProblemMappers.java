package io.peerage.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.peerage.allocation.NoEligibleParentException;
import io.peerage.error.ConflictException;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.policy.PolicyRejectedException;
import io.peerage.policy.PolicyRuntimeException;
import io.peerage.policy.PolicyTimeoutException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into RFC 9457 problem+json, naming each wrong field and what was wrong with it. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Seconds a client should wait before trying again when the service is overloaded. */
    static final int RETRY_AFTER_SECONDS = 1;

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return invalid(e.errors(), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(violation -> new FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return invalid(errors, uri);
    }

    // Quarkus maps some Jackson exceptions itself; the most specific mapper wins, so each type is named here.

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonParseException parse) {
            String where = parse.getLocation() == null
                    ? ""
                    : " at line " + parse.getLocation().getLineNr() + ", column "
                            + parse.getLocation().getColumnNr();
            return respond(
                    ProblemType.MALFORMED_JSON,
                    "the body is not well-formed JSON" + where + ": " + parse.getOriginalMessage(),
                    uri,
                    null,
                    null);
        }
        String field = e instanceof JsonMappingException mapping ? pathOf(mapping) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "is not a known field; known fields here are "
                    + unknown.getKnownPropertyIds().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
        } else if (e instanceof InvalidFormatException format) {
            Class<?> target = format.getTargetType();
            message = target != null && target.isEnum()
                    ? "'" + format.getValue() + "' is not one of " + Arrays.toString(target.getEnumConstants())
                    : "'" + format.getValue() + "' is not a valid " + simpleName(target);
        } else if (e instanceof MismatchedInputException mismatch) {
            message = "expected " + describe(mismatch.getTargetType());
        } else {
            message = e.getOriginalMessage();
        }
        return invalid(List.of(new FieldError(field.isEmpty() ? "body" : field, message)), uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        ProblemType type = switch (e.what()) {
            case "node" -> ProblemType.UNKNOWN_NODE;
            case "content" -> ProblemType.UNKNOWN_CONTENT;
            case "allocation" -> ProblemType.UNKNOWN_ALLOCATION;
            case "policy file" -> ProblemType.UNKNOWN_POLICY_FILE;
            case "policy version" -> ProblemType.UNKNOWN_POLICY_VERSION;
            default -> ProblemType.NOT_FOUND;
        };
        return respond(type, "unknown " + e.what() + " '" + e.id() + "'", uri, null, null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e, UriInfo uri) {
        ProblemType type = "node-offline".equals(e.reason()) ? ProblemType.NODE_OFFLINE : ProblemType.CONFLICT;
        return respond(type, e.getMessage(), uri, null, null);
    }

    @ServerExceptionMapper
    public Response noEligibleParent(NoEligibleParentException e, UriInfo uri) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("allocationId", e.decision().allocationId());
        extensions.put("summary", e.decision().summary());
        extensions.put("explanation", "/v1/allocations/" + e.decision().allocationId() + "/explanation");
        return respond(ProblemType.NO_ELIGIBLE_PARENT, e.getMessage(), uri, null, extensions);
    }

    @ServerExceptionMapper
    public Response invalidPolicy(PolicyRejectedException e, UriInfo uri) {
        String detail = e.problems().size() + " problem(s); nothing was activated: "
                + e.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
        return respond(ProblemType.INVALID_POLICY, detail, uri, null, Map.of("problems", e.problems()));
    }

    @ServerExceptionMapper
    public Response overloaded(JournalOverloadedException e, UriInfo uri) {
        return Response.fromResponse(respond(
                        ProblemType.OVERLOADED,
                        "the service cannot take more changes right now (" + e.getMessage() + "); try again in "
                                + RETRY_AFTER_SECONDS + " s",
                        uri,
                        null,
                        null))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    @ServerExceptionMapper
    public Response policyFailed(PolicyRuntimeException e, UriInfo uri) {
        LOG.error("A policy failed while it ran", e);
        return respond(ProblemType.POLICY_ERROR, e.getMessage(), uri, null, null);
    }

    @ServerExceptionMapper
    public Response policyTimeout(PolicyTimeoutException e, UriInfo uri) {
        LOG.warnf("Policies over their time budget: %s", e.getMessage());
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("lastRule", e.lastRule());
        extensions.put("elapsedMillis", e.elapsed().toMillis());
        extensions.put("budgetMillis", e.budget().toMillis());
        return Response.fromResponse(respond(
                        ProblemType.POLICY_TIMEOUT,
                        e.getMessage() + "; try again in " + RETRY_AFTER_SECONDS + " s",
                        uri,
                        null,
                        extensions))
                .header("Retry-After", RETRY_AFTER_SECONDS)
                .build();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        ProblemType type;
        if (e instanceof NotAllowedException) {
            type = ProblemType.METHOD_NOT_ALLOWED;
        } else if (e instanceof NotAcceptableException) {
            type = ProblemType.NOT_ACCEPTABLE;
        } else if (e instanceof NotSupportedException) {
            type = ProblemType.UNSUPPORTED_MEDIA_TYPE;
        } else if (status == 404) {
            type = ProblemType.NOT_FOUND;
        } else if (status == 400) {
            type = ProblemType.INVALID_REQUEST;
        } else if (status >= 500) {
            LOG.error("Request failed", e);
            type = ProblemType.INTERNAL_ERROR;
        } else {
            return e.getResponse();
        }
        String detail = status == 404 ? "no resource at " + uri.getRequestUri().getPath() : e.getMessage();
        return Response.fromResponse(respond(type, detail, uri, null, null))
                .status(status)
                .build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.error("Unexpected failure", e);
        return respond(ProblemType.INTERNAL_ERROR, "an unexpected error occurred; it has been logged", uri, null, null);
    }

    static Response invalid(List<FieldError> errors, UriInfo uri) {
        String detail = errors.stream()
                .map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        return respond(ProblemType.INVALID_REQUEST, detail, uri, errors, null);
    }

    static Response respond(
            ProblemType type, String detail, UriInfo uri, List<FieldError> errors, Map<String, Object> extensions) {
        Problem problem = new Problem(
                type.uri(),
                type.title(),
                type.status(),
                detail,
                uri == null ? null : uri.getRequestUri().getPath(),
                errors,
                extensions);
        return Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /**
     * {@code join.profile.network.country} becomes {@code network.country}, an element of a list keeps its index
     * ({@code receiving[2].rateKbps}), and a query parameter keeps its name.
     */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parts.add("#" + node.getName());
                continue;
            }
            // The index of a node in a list belongs to the list, the part before it: receiving[2].rateKbps.
            if (node.getIndex() != null && !parts.isEmpty()) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "[" + node.getIndex() + "]");
            }
            String name = node.getName();
            if (name == null || name.startsWith("<")) {
                continue;
            }
            parts.add(name);
        }
        // A body parameter is the root of its fields; a plain parameter (query, path) is the field itself.
        if (parts.size() > 1 && parts.get(0).startsWith("#")) {
            parts.remove(0);
        }
        return parts.isEmpty()
                ? "body"
                : String.join(".", parts).replace("#", "").replace(".[", "[");
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String simpleName(Class<?> type) {
        return type == null ? "value" : describe(type).replaceFirst("^(a|an) ", "");
    }
}
