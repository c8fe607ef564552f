package io.peerage.node;

public enum Subscription {
    PREMIUM,
    STANDARD,
    FREE
}
