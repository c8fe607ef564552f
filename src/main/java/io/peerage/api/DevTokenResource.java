package io.peerage.api;

import io.peerage.error.InvalidInputException;
import io.peerage.identity.DevTokens;
import io.peerage.identity.Roles;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Dev mode only (absent from any other build): a token for a person holding one role, signed with the dev key that
 * {@code %dev.quarkus.oidc.public-key} trusts, so that the README walk-through needs nothing set up by hand.
 */
@IfBuildProfile("dev")
@Path("/dev/tokens")
@Tag(name = "Dev", description = "Dev mode only: tokens for each role")
public class DevTokenResource {

    @GET
    @Path("/{role}")
    @PermitAll
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "A bearer token for one role (operator, policy-author, policy-admin, auditor); dev mode only")
    public String token(@PathParam("role") String role) {
        if (!Roles.PEOPLE.contains(role)) {
            throw InvalidInputException.of(
                    "role", "'" + role + "' is not one of " + Roles.PEOPLE + " (nodes get their tokens by joining)");
        }
        return DevTokens.forRole(role);
    }
}
