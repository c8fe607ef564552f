package io.peerage.identity;

import java.util.List;

/**
 * The roles of the API (docs/api.md, "Who may call what"). People and tools get theirs from the {@code groups} claim
 * of their bearer token; {@link #NODE} comes only from a node token that this service issued.
 */
public final class Roles {

    /** One node, acting only as itself. */
    public static final String NODE = "node";

    /** Contents, CDN and waypoint nodes, removing any node, metrics and the API document. */
    public static final String OPERATOR = "operator";

    /** Policy files, validation, dry runs and simulations. */
    public static final String POLICY_AUTHOR = "policy-author";

    /** Activating and rolling back policy versions. */
    public static final String POLICY_ADMIN = "policy-admin";

    /** Decisions, explanations, why-not, policy versions and diffs; read only. */
    public static final String AUDITOR = "auditor";

    /** The roles a person or a tool can hold: every role but {@link #NODE}. */
    public static final List<String> PEOPLE = List.of(OPERATOR, POLICY_AUTHOR, POLICY_ADMIN, AUDITOR);

    private Roles() {}
}
