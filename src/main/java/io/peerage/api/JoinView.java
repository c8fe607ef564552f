package io.peerage.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/** What a join answers: the node as {@link NodeView} shows it, and the token it acts with until it expires. */
public record JoinView(@JsonUnwrapped NodeView node, String nodeToken, Instant nodeTokenExpiresAt) {}
