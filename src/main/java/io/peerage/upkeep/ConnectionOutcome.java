package io.peerage.upkeep;

/** What a child or a parent reports about the connection of their pair. */
public enum ConnectionOutcome {
    /** The pair is connected: the time is kept with the pair. */
    CONNECTED,
    /** The pair could not connect: it is barred for a while and the child's allocation repaired for that share. */
    FAILED
}
