package io.peerage.content;

public enum Media {
    VIDEO,
    AUDIO
}
