package io.peerage.api;

import io.peerage.content.Content;
import io.peerage.content.ContentCatalog;
import io.peerage.error.InvalidInputException;
import io.peerage.error.NotFoundException;
import io.peerage.identity.Roles;
import io.peerage.node.NodeProfile;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/contents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Contents", description = "Live streams and files that nodes hold and send")
public class ContentResource {

    private final ContentCatalog catalog;

    ContentResource(ContentCatalog catalog) {
        this.catalog = catalog;
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Declare a content (201) or change it (200)")
    public Response declare(@PathParam("id") String id, @NotNull @Valid Content body) {
        if (!id.matches(NodeProfile.ID_PATTERN)) {
            throw InvalidInputException.of("id", NodeProfile.ID_MESSAGE);
        }
        if (body.id() != null && !body.id().equals(id)) {
            throw InvalidInputException.of("id", "is '" + body.id() + "' in the body but '" + id + "' in the path");
        }
        Content content = body.withDefaults(id);
        boolean created = catalog.declare(content);
        return created
                ? Response.created(URI.create("/v1/contents/" + id))
                        .entity(content)
                        .build()
                : Response.ok(content).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.NODE, Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "A declared content")
    public Content get(@PathParam("id") String id) {
        return catalog.find(id).orElseThrow(() -> new NotFoundException("content", id));
    }
}
