package io.peerage.api.problem;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body must say what it is: one without a {@code Content-Type} is refused with 415 before any resource reads it, so
 * that it is never guessed to be JSON. A request without a body (no {@code Content-Length} above 0, no {@code
 * Transfer-Encoding}) needs no type, so calls without a body stay as they are.
 */
public class RequestBodies {

    @ServerRequestFilter(preMatching = true)
    public void requireContentType(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if ((type == null || type.isBlank()) && hasBody(request)) {
            throw new NotSupportedException("a body without a Content-Type");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        if (request.getHeaderString("Transfer-Encoding") != null) {
            return true;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
