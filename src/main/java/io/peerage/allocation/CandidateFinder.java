package io.peerage.allocation;

import io.peerage.content.Content;
import io.peerage.node.NodeProfile;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.SpareRank;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Step one of the pipeline, in Java: the feasible candidates for a request, read from the holder index most spare
 * uplink first so that no request scans the swarm. Holders that cannot work (the child itself, no spare uplink, a
 * loop) are kept on record with the engine's reason. Holders that the compatibility guarantees would certainly
 * reject do not take a place on the shortlist, so they never crowd out the ones that could serve; a bounded number of
 * them still goes to the rules, so that the explanation names the rule that rejects them.
 */
final class CandidateFinder {

    private final Swarm swarm;
    private final AllocationSettings settings;

    CandidateFinder(Swarm swarm, AllocationSettings settings) {
        this.swarm = swarm;
        this.settings = settings;
    }

    /** The candidates of one request, and how many holders were not examined. */
    record Shortlist(List<Considered> candidates, int notExamined) {}

    /** Walks the index; an empty walk is tried again, since a holder moving in the index meanwhile can be missed. */
    Shortlist find(LiveNode child, NodeFacts childFacts, Content content, long minimumShareKbps, Instant now) {
        return find(child, childFacts, content, minimumShareKbps, now, Exclusions.NONE);
    }

    /** As above; for a repair, the parents the allocation keeps and the barred pairs are on record, rejected. */
    Shortlist find(
            LiveNode child,
            NodeFacts childFacts,
            Content content,
            long minimumShareKbps,
            Instant now,
            Exclusions exclusions) {
        Shortlist shortlist = walk(child, childFacts, content, minimumShareKbps, now, exclusions);
        for (int retry = 0;
                retry < 3 && shortlist.candidates().isEmpty() && swarm.holderCount(content.id()) > 0;
                retry++) {
            shortlist = walk(child, childFacts, content, minimumShareKbps, now, exclusions);
        }
        return shortlist;
    }

    private Shortlist walk(
            LiveNode child,
            NodeFacts childFacts,
            Content content,
            long minimumShareKbps,
            Instant now,
            Exclusions exclusions) {
        ContentFacts contentFacts = new ContentFacts(content);
        List<Considered> candidates = new ArrayList<>();
        int feasible = 0;
        int doomed = 0;
        int visited = 0;
        boolean tooLittleSpareRecorded = false;
        int total = swarm.holderCount(content.id());
        Set<String> downstream = swarm.downstreamOf(child.id(), content.id());
        Iterator<LiveNode> holders = swarm.holdersBySpareUplink(content.id());
        while (holders.hasNext() && visited < settings.walkLimit()) {
            LiveNode holder = holders.next();
            visited++;
            long spare = holder.spareKbps();
            // The candidate fact is built only for a holder that goes on record: most of what a walk skips (too
            // little spare uplink, doomed beyond the sample) needs none.
            if (holder.id().equals(child.id())) {
                Considered considered = consider(holder, child, childFacts, contentFacts, spare, now);
                considered.reject(EngineChecks.IS_THE_CHILD, holder.id() + " is the child itself");
                candidates.add(considered);
                continue;
            }
            if (!exclusions.isEmpty()) {
                String excluded = exclusions.why(holder.id());
                if (excluded != null) {
                    Considered considered = consider(holder, child, childFacts, contentFacts, spare, now);
                    considered.reject(
                            exclusions.keeps(holder.id()) ? EngineChecks.ALREADY_A_PARENT : EngineChecks.BARRED_PAIR,
                            excluded);
                    candidates.add(considered);
                    continue;
                }
            }
            if (spare < minimumShareKbps) {
                if (!tooLittleSpareRecorded) {
                    Considered considered = consider(holder, child, childFacts, contentFacts, spare, now);
                    EngineChecks.rejectNoSpareUplink(considered, spare, minimumShareKbps);
                    candidates.add(considered);
                    tooLittleSpareRecorded = true;
                }
                // The index is ordered by rank of spare uplink: past this holder's rank, every holder has less than
                // the most its rank allows.
                if (SpareRank.highestOfRank(spare) < minimumShareKbps) {
                    break;
                }
                continue;
            }
            if (downstream.contains(holder.id())) {
                Considered considered = consider(holder, child, childFacts, contentFacts, spare, now);
                EngineChecks.rejectDownstream(considered, content.id(), child.id());
                candidates.add(considered);
                continue;
            }
            if (certainlyRejected(child.profile(), child, holder)) {
                if (doomed < settings.doomedSize()) {
                    doomed++;
                    candidates.add(consider(holder, child, childFacts, contentFacts, spare, now));
                }
                continue;
            }
            candidates.add(consider(holder, child, childFacts, contentFacts, spare, now));
            feasible++;
            if (feasible >= settings.shortlistSize()) {
                break;
            }
        }
        int examined = (int)
                candidates.stream().filter(c -> !c.id().equals(child.id())).count();
        boolean childHolds = child.holds(content.id());
        return new Shortlist(candidates, Math.max(0, total - examined - (childHolds ? 1 : 0)));
    }

    /** A candidate fact for one holder, with the facts about the pair at the moment of the request. */
    static Considered consider(
            LiveNode holder, LiveNode child, NodeFacts childFacts, ContentFacts contentFacts, long spare, Instant now) {
        NodeProfile parentProfile = holder.profile();
        NodeFacts parentFacts = new NodeFacts(parentProfile, holder.classification(), spare, holder.quality(), now);
        Candidate fact = new Candidate(
                parentFacts,
                childFacts,
                contentFacts,
                child.profile().capabilities().admits(holder.id(), parentProfile.kind()),
                child.profile().network().distanceKmTo(parentProfile.network()).orElse(-1),
                holder.holdingFraction(contentFacts.getId()));
        return new Considered(holder, fact, spare);
    }

    /** What the compatibility policies and the engine's guarantees would reject for sure. */
    private static boolean certainlyRejected(NodeProfile childProfile, LiveNode child, LiveNode holder) {
        boolean lightweightPair = child.classification().isLightweight()
                && holder.classification().isLightweight();
        boolean cannotForward = !holder.profile().capabilities().canForward();
        boolean notAdmitted = !childProfile
                .capabilities()
                .admits(holder.id(), holder.profile().kind());
        return lightweightPair || cannotForward || notAdmitted;
    }
}
