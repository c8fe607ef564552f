package io.peerage.policy.fact;

import io.peerage.policy.PolicySettings;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** One child asking for one content: the fact every allocation policy starts from. */
public final class AllocationRequest {

    private final NodeFacts child;
    private final ContentFacts content;
    private final int maxParents;
    private final Instant now;
    private final SwarmLoad load;

    public AllocationRequest(NodeFacts child, ContentFacts content, int maxParents, Instant now) {
        this(child, content, maxParents, now, SwarmLoad.UNMEASURED);
    }

    /**
     * @param load how loaded the content's swarm is, as the allocation pipeline measured it
     */
    public AllocationRequest(NodeFacts child, ContentFacts content, int maxParents, Instant now, SwarmLoad load) {
        this.child = child;
        this.content = content;
        this.maxParents = maxParents;
        this.now = now;
        this.load = load;
    }

    /** The same request with what the given settings say about its content. */
    public AllocationRequest settled(PolicySettings settings) {
        return new AllocationRequest(child, content.settled(settings), maxParents, now, load);
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

    @ReadsClock
    public Instant getNow() {
        return now;
    }

    /** Hour of the day, 0 to 23, in UTC. */
    @ReadsClock
    public int getHourOfDay() {
        return ZonedDateTime.ofInstant(now, ZoneOffset.UTC).getHour();
    }

    /** Hour of the day, 0 to 23, where the child is (in its declared time zone; UTC when it declared none). */
    @ReadsClock
    public int getLocalHourOfDay() {
        return ZonedDateTime.ofInstant(now, child.zone()).getHour();
    }

    /**
     * Whether the content's swarm is congested: its holders' spare uplink is low against its demand, by the ratio in
     * the policy settings ({@code congestion.spareToDemandRatio}).
     */
    public boolean isCongested() {
        return load.congested();
    }

    /** The spare uplink of all online holders of the content, summed. */
    public long getHoldersSpareKbps() {
        return load.holdersSpareKbps();
    }

    /** The content's bitrate times its live children plus this one. */
    public long getDemandKbps() {
        return load.demandKbps();
    }

    @Override
    public String toString() {
        return "Request of " + child.getId() + " for " + content.getId();
    }
}
