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

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }
}
