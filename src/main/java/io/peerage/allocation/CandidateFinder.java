package io.peerage.allocation;

import io.peerage.content.Content;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.swarm.HolderPart;
import io.peerage.swarm.HolderWalk;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.SpareRank;
import io.peerage.swarm.Swarm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step one of the pipeline, in Java: the feasible candidates for a request, read from the holder index closest first
 * (the child's own network, its region, its country, then the rest; CDN and waypoint nodes in slots of their own),
 * each part most spare uplink first, so that no request scans the swarm. A walk hands out its shortlist in batches:
 * it stops at the end of a part once what it found can cover the rate, or when a batch's shortlist is full, and goes
 * on from there when the pipeline asks again because the rules left too little.
 *
 * <p>Holders that cannot work (the child itself, no spare uplink, a loop) are kept on record with the engine's
 * reason. Holders that the compatibility guarantees would certainly reject do not take a place on the shortlist, so
 * they never crowd out the ones that could serve; a bounded number of them still goes to the rules, so that the
 * explanation names the rule that rejects them.
 */
final class CandidateFinder {

    /**
     * The order of a walk: the CDN and waypoint slots, the parts of peers closest first, then the infrastructure left
     * over, last, so that nothing that could serve is left unexamined before a rule is relaxed.
     */
    private static final List<HolderPart> STAGES = List.of(
            HolderPart.INFRASTRUCTURE,
            HolderPart.NETWORK,
            HolderPart.REGION,
            HolderPart.COUNTRY,
            HolderPart.ELSEWHERE,
            HolderPart.INFRASTRUCTURE);

    private final Swarm swarm;
    private final AllocationSettings settings;

    CandidateFinder(Swarm swarm, AllocationSettings settings) {
        this.swarm = swarm;
        this.settings = settings;
    }

    /**
     * A new walk over the holders of a content for one request, for {@code requiredKbps}; for a repair, the parents
     * the allocation keeps and the barred pairs are on record, rejected ({@code exclusions}).
     */
    Walk walk(
            LiveNode child,
            NodeFacts childFacts,
            Content content,
            long requiredKbps,
            long minimumShareKbps,
            int maxParents,
            Instant now,
            Exclusions exclusions) {
        return new Walk(child, childFacts, content, requiredKbps, minimumShareKbps, maxParents, now, exclusions);
    }

    /**
     * Whether some parents among {@code candidates} could cover the rate: the {@code maxParents} peers with the most
     * spare uplink, each giving at most the rate. CDN and waypoint nodes do not count: they could cover any rate,
     * and counting them would stop every walk before the peers.
     */
    static final class Coverage {

        private final long requiredKbps;
        private final long[] best;

        Coverage(long requiredKbps, int maxParents) {
            this.requiredKbps = requiredKbps;
            this.best = new long[Math.max(1, maxParents)];
        }

        void add(LiveNode node, long spareKbps) {
            if (node.profile().kind() != NodeKind.CLIENT) {
                return;
            }
            // best is kept in descending order: a handful of entries, an insertion costs next to nothing.
            long give = Math.min(spareKbps, requiredKbps);
            int at = best.length - 1;
            if (give <= best[at]) {
                return;
            }
            while (at > 0 && best[at - 1] < give) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = give;
        }

        boolean covers() {
            long sum = 0;
            for (long give : best) {
                sum += give;
            }
            return sum >= requiredKbps;
        }

        void clear() {
            Arrays.fill(best, 0);
        }
    }

    /** One request's walk over the holders, handed out in batches; not safe for use by two threads. */
    final class Walk {

        private final LiveNode child;
        private final NodeFacts childFacts;
        private final ContentFacts contentFacts;
        private final long minimumShareKbps;
        private final Instant now;
        private final HolderWalk holders;
        private final Set<String> downstream;
        private final Coverage coverage;
        private final Exclusions exclusions;
        private final Map<HolderPart, Integer> onRecord = new EnumMap<>(HolderPart.class);
        private int stage;
        private Iterator<LiveNode> current;
        // The infrastructure comes twice, its slots first and the rest last: one iterator goes on where it stopped.
        private Iterator<LiveNode> infrastructure;
        private boolean recordedChild;
        private int visited;
        private int doomed;
        private int infrastructureTaken;
        private boolean tooLittleSpareRecorded;

        private Walk(
                LiveNode child,
                NodeFacts childFacts,
                Content content,
                long requiredKbps,
                long minimumShareKbps,
                int maxParents,
                Instant now,
                Exclusions exclusions) {
            this.child = child;
            this.exclusions = exclusions;
            this.childFacts = childFacts;
            this.contentFacts = new ContentFacts(content);
            this.minimumShareKbps = minimumShareKbps;
            this.now = now;
            this.holders = swarm.holderWalk(content.id(), child);
            this.downstream = swarm.downstreamOf(child.id(), content.id());
            this.coverage = new Coverage(requiredKbps, maxParents);
        }

        /** True when every part was walked, or the walk limit was reached: no further batch will come. */
        boolean exhausted() {
            return stage >= STAGES.size() || visited >= settings.walkLimit();
        }

        /**
         * The next batch of candidates. {@code eligible} are the candidates so far that the rules left eligible: the
         * walk goes on past the end of a part only while they and the new ones together cannot cover the rate.
         */
        List<Considered> next(Collection<Considered> eligible) {
            coverage.clear();
            for (Considered candidate : eligible) {
                coverage.add(candidate.node, candidate.spareKbps);
            }
            List<Considered> batch = new ArrayList<>();
            int feasible = 0;
            while (!exhausted()) {
                HolderPart part = STAGES.get(stage);
                boolean slots = stage == 0;
                if (current == null) {
                    current = part == HolderPart.INFRASTRUCTURE ? infrastructure() : holders.holders(part);
                }
                if (!current.hasNext() || (slots && infrastructureTaken >= settings.infrastructureSlots())) {
                    boolean peerPart = part != HolderPart.INFRASTRUCTURE;
                    nextStage();
                    if (peerPart && !batch.isEmpty() && coverage.covers()) {
                        return batch;
                    }
                    continue;
                }
                LiveNode holder = current.next();
                visited++;
                long spare = holder.spareKbps();
                // The candidate fact is built only for a holder that goes on record: most of what a walk skips (too
                // little spare uplink, doomed beyond the sample) needs none.
                if (holder.id().equals(child.id())) {
                    Considered considered = record(batch, holder, spare);
                    considered.reject(EngineChecks.IS_THE_CHILD, holder.id() + " is the child itself");
                    continue;
                }
                if (!exclusions.isEmpty()) {
                    String excluded = exclusions.why(holder.id());
                    if (excluded != null) {
                        record(batch, holder, spare)
                                .reject(
                                        exclusions.keeps(holder.id())
                                                ? EngineChecks.ALREADY_A_PARENT
                                                : EngineChecks.BARRED_PAIR,
                                        excluded);
                        continue;
                    }
                }
                if (spare < minimumShareKbps) {
                    if (!tooLittleSpareRecorded) {
                        EngineChecks.rejectNoSpareUplink(record(batch, holder, spare), spare, minimumShareKbps);
                        tooLittleSpareRecorded = true;
                    }
                    // A part is ordered by rank of spare uplink: past this holder's rank, every holder of the part
                    // has less than the most its rank allows.
                    if (SpareRank.highestOfRank(spare) < minimumShareKbps) {
                        skipRestOf(part);
                    }
                    continue;
                }
                if (downstream.contains(holder.id())) {
                    EngineChecks.rejectDownstream(record(batch, holder, spare), contentFacts.getId(), child.id());
                    continue;
                }
                if (certainlyRejected(child.profile(), child, holder)) {
                    if (doomed < settings.doomedSize()) {
                        doomed++;
                        record(batch, holder, spare);
                    }
                    continue;
                }
                record(batch, holder, spare);
                coverage.add(holder, spare);
                if (slots) {
                    // CDN and waypoint slots are their own: they take no place on the shortlist.
                    infrastructureTaken++;
                    continue;
                }
                feasible++;
                if (feasible >= settings.shortlistSize()) {
                    return batch;
                }
            }
            return batch;
        }

        /**
         * Holders of each part that the walk did not put on record: the shortlist was full, closer parts covered the
         * rate, the walk limit was reached, or they were certain to be rejected beyond the sample. The child itself
         * is not counted. Only parts with some are listed, closest first.
         */
        Map<HolderPart, Integer> notExamined() {
            Map<HolderPart, Integer> left = new EnumMap<>(HolderPart.class);
            HolderPart childPart = child.holds(contentFacts.getId()) ? holders.partOf(child) : null;
            for (HolderPart part : HolderPart.values()) {
                int count = holders.size(part)
                        - onRecord.getOrDefault(part, 0)
                        - (part == childPart && !recordedChild ? 1 : 0);
                if (count > 0) {
                    left.put(part, count);
                }
            }
            return left;
        }

        private Considered record(List<Considered> batch, LiveNode holder, long spare) {
            Considered considered = consider(holder, child, childFacts, contentFacts, spare, now);
            batch.add(considered);
            if (holder == child) {
                recordedChild = true;
            }
            onRecord.merge(holders.partOf(holder), 1, Integer::sum);
            return considered;
        }

        private void nextStage() {
            stage++;
            current = null;
        }

        private Iterator<LiveNode> infrastructure() {
            if (infrastructure == null) {
                infrastructure = holders.holders(HolderPart.INFRASTRUCTURE);
            }
            return infrastructure;
        }

        /** Ends a part early: the rest of it has too little spare uplink; at its end the walk may stop. */
        private void skipRestOf(HolderPart part) {
            current = Collections.emptyIterator();
            if (part == HolderPart.INFRASTRUCTURE) {
                infrastructure = current;
            }
        }
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
