package io.peerage.policy;

import java.time.Instant;
import java.util.List;

/**
 * A stored version of the policy set: its number, its files as they were, who made it and when, and the difference
 * from the version before it.
 */
public record PolicyVersion(
        int number, String checksum, String author, Instant createdAt, List<PolicyFile> files, String diff) {

    public PolicyVersion {
        files = List.copyOf(files);
    }
}
