package io.peerage.api.heartbeat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.io.ByteArrayInputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Hands a body that {@link HeartbeatRoute} read, and then left to the REST resource, on to the resource: the request's
 * own stream was read to its end by then.
 */
public class ReadBodies {

    @ServerRequestFilter(preMatching = true)
    public void handOn(ContainerRequestContext request, RoutingContext routing) {
        Buffer body = routing.get(HeartbeatRoute.READ_BODY);
        if (body != null) {
            request.setEntityStream(new ByteArrayInputStream(body.getBytes()));
        }
    }
}
