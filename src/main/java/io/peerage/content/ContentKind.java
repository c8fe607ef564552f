package io.peerage.content;

/** A live stream, where holders are peers that are ahead in the stream, or a file, where they hold pieces. */
public enum ContentKind {
    LIVE,
    FILE
}
