package io.peerage.policy.fact;

/**
 * How loaded the swarm of one content is, as the allocation pipeline measured it for a request (see
 * {@code io.peerage.allocation.Congestion} for the formula).
 *
 * @param holdersSpareKbps the spare uplink of every online holder of the content, summed
 * @param demandKbps what the content's children need: bitrate x (live children + 1, for this request)
 * @param congested whether the spare uplink is low against the demand, by the policy settings' ratio
 */
public record SwarmLoad(long holdersSpareKbps, long demandKbps, boolean congested) {

    /** Nothing measured: not congested. */
    public static final SwarmLoad UNMEASURED = new SwarmLoad(0, 0, false);
}
