package io.peerage.policy;

/** A rule's wish to rank a candidate higher (positive weight) or lower (negative weight), with its reason. */
public record Preference(String code, String rule, int weight, String message) {}
