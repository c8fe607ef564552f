package io.peerage.content;

public enum Monetization {
    PREMIUM,
    AD_SUPPORTED,
    FREE
}
