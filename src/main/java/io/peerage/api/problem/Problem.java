package io.peerage.api.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.peerage.error.FieldError;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: a distinct {@code type} per kind of problem, the status, a human {@code detail}, and for invalid
 * input every field that was wrong. Extensions (such as the {@code allocationId} of a decision that found no parent)
 * appear as top-level members.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        List<FieldError> errors,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://peerage.io/problems/";

    /** What a failure the service did not expect says of itself; the log has the rest. */
    public static final String UNEXPECTED = "an unexpected error occurred; it has been logged";

    /** A problem of this type (its title and status with it), at {@code instance}: the request's path, or null. */
    public static Problem of(
            ProblemType type, String detail, String instance, List<FieldError> errors, Map<String, Object> extensions) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, errors, extensions);
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }
}
