package io.peerage.identity;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;

/**
 * Who is calling, for the checks that a role alone cannot make: a node acts only as itself, and a change is recorded
 * under the name of whoever made it. Endpoints check roles with {@code @RolesAllowed} first.
 */
@ApplicationScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    /** The caller; authenticating it now if no check did before (lazy authentication). */
    public SecurityIdentity identity() {
        return identity;
    }

    public boolean isNode() {
        return identity.hasRole(Roles.NODE);
    }

    /** When the caller is a node, it must be this one: a node's token never acts for another node. */
    public void actAs(String nodeId) {
        actAsOneOf(List.of(nodeId), "node '" + nodeId + "'");
    }

    /** When the caller is a node, it must be one of these (such as the child or a parent of an allocation). */
    public void actAsOneOf(Collection<String> nodeIds, String what) {
        if (isNode() && !nodeIds.contains(name())) {
            throw new ForbiddenException("this is the token of node '" + name() + "': a node acts only as itself, and "
                    + what + " is not its own");
        }
    }

    /** The authenticated name of a person or a tool, such as the author of a policy change. */
    public String name() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String name = identity.getPrincipal().getName();
        if (name == null || name.isBlank()) {
            throw new ForbiddenException("the token names nobody: it needs a sub, upn or preferred_username claim");
        }
        return name;
    }
}
