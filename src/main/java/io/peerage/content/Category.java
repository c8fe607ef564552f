package io.peerage.content;

public enum Category {
    SPORTS,
    MOVIE,
    SERIES,
    NEWS,
    LECTURE,
    MUSIC,
    KIDS,
    GAMING,
    DOCUMENTARY,
    OTHER
}
