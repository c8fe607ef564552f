package io.peerage.audit;

import java.util.Map;

/** A candidate's rank score and the parts it is made of, such as {@code sameIsp} or {@code policy}. */
public record Score(double total, Map<String, Double> parts) {}
