package io.peerage.allocation;

import io.peerage.content.Content;
import io.peerage.policy.PolicySettings.CongestionSettings;
import io.peerage.policy.fact.SwarmLoad;
import io.peerage.swarm.Swarm;

/**
 * Whether the swarm of one content is congested, measured for each request before the rules run:
 *
 * <pre>
 *   demand     = bitrate x (live children of the content + 1)      the + 1 is the child asking now
 *   spare      = the spare uplink of every online holder of the content, summed
 *   congested  = spare &lt; congestion.spareToDemandRatio x demand    the ratio is a policy setting, 1.5 by default
 * </pre>
 *
 * <p>Both sums are kept up to date by the swarm as nodes join, hold and reserve, so measuring costs nothing per
 * request. The spare uplink counts holders the request may not use (the child itself when it holds the content, nodes
 * the rules will reject): it measures the swarm, not this child's options.
 */
final class Congestion {

    private Congestion() {}

    static SwarmLoad measure(Swarm swarm, Content content, CongestionSettings settings) {
        long spare = swarm.holdersSpareKbps(content.id());
        long demand = (long) content.bitrateKbps() * (swarm.liveChildren(content.id()) + 1L);
        return new SwarmLoad(spare, demand, spare < settings.spareToDemandRatio() * demand);
    }
}
