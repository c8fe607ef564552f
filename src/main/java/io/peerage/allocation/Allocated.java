package io.peerage.allocation;

import io.peerage.audit.Decision;
import io.peerage.swarm.Assignment;

/** A successful allocation: the live assignment and the decision that made it. */
public record Allocated(Assignment assignment, Decision decision) {}
