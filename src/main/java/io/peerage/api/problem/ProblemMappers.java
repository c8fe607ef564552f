package io.peerage.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.peerage.allocation.NoEligibleParentException;
import io.peerage.budget.WorkBusyException;
import io.peerage.budget.WorkStoppedException;
import io.peerage.budget.WorkTooLargeException;
import io.peerage.error.ConflictException;
import io.peerage.error.FieldError;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.error.TooManyReportsException;
import io.peerage.journal.JournalOverloadedException;
import io.peerage.journal.JournalUnavailableException;
import io.peerage.policy.ActivationRefusedException;
import io.peerage.policy.PolicyRejectedException;
import io.peerage.policy.PolicyRuntimeException;
import io.peerage.policy.PolicyTimeoutException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
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

    /** How Jackson says it refused a coercion: {@code Cannot coerce String value ("true") to `java.lang.Boolean`}. */
    private static final java.util.regex.Pattern REFUSED_COERCION = java.util.regex.Pattern.compile(
            "Cannot coerce (String|Integer|Floating-point|Boolean) value \\((.*)\\) to");

    /** How Jackson's strict duplicate detection begins its message. */
    private static final String DUPLICATE_FIELD = "Duplicate field '";

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
        StreamReadException duplicate = duplicateKey(e);
        if (duplicate != null) {
            return invalid(List.of(new FieldError(duplicatedField(e, duplicate), "is given more than once")), uri);
        }
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
            message = badValue(format.getTargetType(), format.getValue());
        } else if (e instanceof MismatchedInputException mismatch) {
            message = "expected " + describe(mismatch.getTargetType()) + sentToken(mismatch);
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
        ProblemType type = switch (e.reason()) {
            case "node-offline" -> ProblemType.NODE_OFFLINE;
            case "node-silent" -> ProblemType.NODE_SILENT;
            case "not-a-parent" -> ProblemType.NOT_A_PARENT;
            default -> ProblemType.CONFLICT;
        };
        return respond(type, e.getMessage(), uri, e.field() == null ? null : List.of(e.field()), null);
    }

    @ServerExceptionMapper
    public Response tooManyReports(TooManyReportsException e, UriInfo uri) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        return Response.fromResponse(respond(
                        ProblemType.TOO_MANY_REPORTS,
                        e.getMessage(),
                        uri,
                        null,
                        Map.of("setting", "peerage.repair.max-per-interval")))
                .header("Retry-After", seconds)
                .build();
    }

    @ServerExceptionMapper
    public Response noEligibleParent(NoEligibleParentException e, UriInfo uri) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("allocationId", e.decision().allocationId());
        extensions.put("summary", e.decision().summary());
        extensions.put("explanation", "/v1/allocations/" + e.decision().allocationId() + "/explanation");
        if (e.keptAllocationId() != null) {
            extensions.put("keptAllocationId", e.keptAllocationId());
        }
        return respond(ProblemType.NO_ELIGIBLE_PARENT, e.getMessage(), uri, null, extensions);
    }

    @ServerExceptionMapper
    public Response invalidPolicy(PolicyRejectedException e, UriInfo uri) {
        String detail = e.problems().size() + " problem(s); nothing was activated: "
                + e.problems().stream().map(Object::toString).collect(Collectors.joining("; "));
        return respond(ProblemType.INVALID_POLICY, detail, uri, null, Map.of("problems", e.problems()));
    }

    @ServerExceptionMapper
    public Response activationRefused(ActivationRefusedException e, UriInfo uri) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        if (e.measured()) {
            extensions.put("repairs", e.repairs());
        }
        extensions.put("liveAllocations", e.liveAllocations());
        if (e.measured()) {
            extensions.put("share", e.share());
        }
        extensions.put("maxShare", e.maxShare());
        return respond(ProblemType.ACTIVATION_NEEDS_CONFIRM, e.getMessage(), uri, null, extensions);
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
    public Response unavailable(JournalUnavailableException e, UriInfo uri) {
        long seconds = Math.max(1, e.retryAfter().toSeconds());
        return Response.fromResponse(respond(
                        ProblemType.UNAVAILABLE, e.getMessage() + "; try again in " + seconds + " s", uri, null, null))
                .header("Retry-After", seconds)
                .build();
    }

    @ServerExceptionMapper
    public Response workTooLarge(WorkTooLargeException e, UriInfo uri) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("work", e.work());
        extensions.put("maxWork", e.maxWork());
        extensions.put("setting", WorkTooLargeException.SETTING);
        return respond(
                ProblemType.WORK_TOO_LARGE,
                e.getMessage(),
                uri,
                List.of(new FieldError(
                        e.field(),
                        "is " + e.work() + " viewer-events of work, above the limit of " + e.maxWork() + " ("
                                + WorkTooLargeException.SETTING + ")")),
                extensions);
    }

    @ServerExceptionMapper
    public Response workStopped(WorkStoppedException e, UriInfo uri) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("reason", e.why());
        if (e.limit() != null) {
            extensions.put("timeoutSeconds", e.limit().toSeconds());
            extensions.put("setting", "peerage.simulation.timeout");
        }
        return respond(ProblemType.WORK_STOPPED, e.getMessage(), uri, null, extensions);
    }

    @ServerExceptionMapper
    public Response workBusy(WorkBusyException e, UriInfo uri) {
        return Response.fromResponse(respond(
                        ProblemType.OVERLOADED,
                        e.getMessage() + "; try again in " + RETRY_AFTER_SECONDS + " s",
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

    /** No credentials where an endpoint needs them. */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthenticated(
                e.getMessage() != null
                        ? e.getMessage()
                        : "this endpoint needs a bearer token (Authorization: Bearer ...); see docs/api.md, \"Who may"
                                + " call what\"",
                null,
                uri);
    }

    /** A token that is forged, expired, wrongly signed or unreadable. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        String detail = e.getMessage() != null && e.getMessage().startsWith("the enrollment token")
                ? e.getMessage()
                : "the bearer token was refused: it is expired, not signed by a trusted key, or not a JWT";
        return unauthenticated(detail, "invalid_token", uri);
    }

    @ServerExceptionMapper
    public Response authenticationIncomplete(AuthenticationCompletionException e, UriInfo uri) {
        return unauthenticated("the bearer token was refused: " + e.getMessage(), "invalid_token", uri);
    }

    /** Authenticated, but not in a role the endpoint allows, or a node acting for another node. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(
                ProblemType.FORBIDDEN,
                e.getMessage() != null
                        ? e.getMessage()
                        : "the caller's roles do not allow this endpoint; see docs/api.md, \"Who may call what\"",
                uri,
                null,
                null);
    }

    private static Response unauthenticated(String detail, String error, UriInfo uri) {
        return Response.fromResponse(respond(ProblemType.UNAUTHENTICATED, detail, uri, null, null))
                .header(
                        "WWW-Authenticate",
                        error == null
                                ? "Bearer realm=\"peerage\""
                                : "Bearer realm=\"peerage\", error=\"" + error + "\"")
                .build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri, HttpHeaders headers) {
        String sent = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String message = sent == null || sent.isBlank()
                ? "is missing: a body must say what it is (application/json; text/plain for a policy file's text)"
                : "'" + sent + "' is not what this endpoint reads: application/json (text/plain for a policy file's"
                        + " text)";
        return respond(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type: " + message,
                uri,
                List.of(new FieldError("Content-Type", message)),
                null);
    }

    @ServerExceptionMapper
    public Response policyTimeout(PolicyTimeoutException e, UriInfo uri) {
        LOG.warnf("Policies over their time budget: %s", e.getMessage());
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("lastRule", e.lastRule());
        extensions.put("elapsedMillis", e.elapsed().toMillis());
        extensions.put("budgetMillis", e.budget().toMillis());
        if (e.allocationId() != null) {
            extensions.put("allocationId", e.allocationId());
        }
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
        return respond(ProblemType.INTERNAL_ERROR, Problem.UNEXPECTED, uri, null, null);
    }

    static Response invalid(List<FieldError> errors, UriInfo uri) {
        String detail = errors.stream()
                .map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        return respond(ProblemType.INVALID_REQUEST, detail, uri, errors, null);
    }

    static Response respond(
            ProblemType type, String detail, UriInfo uri, List<FieldError> errors, Map<String, Object> extensions) {
        Problem problem = Problem.of(
                type, detail, uri == null ? null : uri.getRequestUri().getPath(), errors, extensions);
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

    /**
     * A value of the wrong JSON type says what was expected and what came ({@code expected a string, not the number
     * 1}); a string that is not one of an enum's values lists them.
     */
    private static String badValue(Class<?> target, Object value) {
        boolean scalarTarget = target != null
                && (target == String.class
                        || target.isEnum()
                        || target.isPrimitive()
                        || Number.class.isAssignableFrom(target)
                        || target == Boolean.class);
        if (target != null && target.isEnum() && value instanceof String) {
            return "'" + value + "' is not one of " + Arrays.toString(target.getEnumConstants());
        }
        if (scalarTarget && !(value instanceof String && target == String.class)) {
            return "expected " + describe(target) + ", not " + shown(value);
        }
        return "'" + value + "' is not a valid " + simpleName(target);
    }

    /** What the parser stood on when the value did not fit, such as {@code , not the string "true"}; "" if unknown. */
    private static String sentToken(MismatchedInputException e) {
        java.util.regex.Matcher coercion = REFUSED_COERCION.matcher(String.valueOf(e.getOriginalMessage()));
        if (coercion.find()) {
            String raw = coercion.group(2);
            return switch (coercion.group(1)) {
                case "String" -> ", not " + shown(raw.length() >= 2 ? raw.substring(1, raw.length() - 1) : raw);
                case "Integer", "Floating-point" -> ", not the number " + raw;
                default -> ", not " + raw;
            };
        }
        if (!(e.getProcessor() instanceof JsonParser parser) || parser.currentToken() == null) {
            return "";
        }
        try {
            return switch (parser.currentToken()) {
                case VALUE_STRING -> ", not " + shown(parser.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", not the number " + parser.getText();
                case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> ", not " + parser.getText();
                case START_OBJECT -> ", not an object";
                case START_ARRAY -> ", not a list";
                default -> "";
            };
        } catch (java.io.IOException | RuntimeException unreadable) {
            return "";
        }
    }

    private static String shown(Object value) {
        if (value instanceof String text) {
            return "the string \"" + text + "\"";
        }
        if (value instanceof Number number) {
            return "the number " + number;
        }
        return String.valueOf(value);
    }

    /** Jackson's strict duplicate detection, thrown by the parser or wrapped by databind on its way out. */
    private static StreamReadException duplicateKey(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException read
                    && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith(DUPLICATE_FIELD)) {
                return read;
            }
        }
        return null;
    }

    /** The JSON path of a key given twice: databind's path when it wrapped the error, else the parser's. */
    private static String duplicatedField(JsonProcessingException e, StreamReadException duplicate) {
        String name = duplicate
                .getOriginalMessage()
                .substring(DUPLICATE_FIELD.length())
                .replaceFirst("'[^']*$", "");
        if (e instanceof JsonMappingException mapping && !pathOf(mapping).isEmpty()) {
            return pathOf(mapping) + "." + name;
        }
        JsonParser parser = duplicate.getProcessor();
        if (parser != null && parser.getParsingContext() != null) {
            String path =
                    pointerToPath(parser.getParsingContext().pathAsPointer().toString());
            if (path.endsWith(name)) {
                return path;
            }
        }
        return name;
    }

    /** {@code /receiving/2/parentId} becomes {@code receiving[2].parentId}. */
    static String pointerToPath(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String segment : pointer.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit)) {
                path.append('[').append(segment).append(']');
            } else {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(segment.replace("~1", "/").replace("~0", "~"));
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
