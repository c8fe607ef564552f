package io.peerage.policy.fact;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** One child asking for one content: the fact every allocation policy starts from. */
public final class AllocationRequest {

    private final NodeFacts child;
    private final ContentFacts content;
    private final int maxParents;
    private final Instant now;

    public AllocationRequest(NodeFacts child, ContentFacts content, int maxParents, Instant now) {
        this.child = child;
        this.content = content;
        this.maxParents = maxParents;
        this.now = now;
    }

    public NodeFacts getChild() {
        return child;
    }

    public ContentFacts getContent() {
        return content;
    }

    public int getMaxParents() {
        return maxParents;
    }

    public Instant getNow() {
        return now;
    }

    /** Hour of the day, 0 to 23, in UTC. */
    public int getHourOfDay() {
        return ZonedDateTime.ofInstant(now, ZoneOffset.UTC).getHour();
    }

    @Override
    public String toString() {
        return "Request of " + child.getId() + " for " + content.getId();
    }
}
