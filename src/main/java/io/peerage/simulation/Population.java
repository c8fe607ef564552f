package io.peerage.simulation;

import io.peerage.budget.RunControl;
import io.peerage.content.ContentKind;
import io.peerage.node.Capabilities;
import io.peerage.node.Device;
import io.peerage.node.NatType;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.Subscription;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Everything the seed decides, drawn once so that every allocator runs through the very same swarm: the nodes with
 * their profiles, when each arrives, and when and how each goes (leaves, or fails without a word).
 */
record Population(List<NodeProfile> infrastructure, List<NodeProfile> seeds, List<Viewer> viewers) {

    /**
     * One viewer (or downloader): its profile, when it arrives and when it goes ({@code end} past the run: stays), and
     * how and when it fails, if it does before it goes: {@code failure} null when it does not. A CRASH ends it; a
     * viewer that stalls or slows down stays until {@code end}.
     */
    record Viewer(NodeProfile profile, double arrival, double end, FailureKind failure, double failsAt) {

        boolean crashes() {
            return failure == FailureKind.CRASH;
        }
    }

    static final String CDN_ISP = "cdn";

    /** NATs behind which nobody can connect in: the node cannot accept incoming connections. */
    static boolean acceptsIncoming(NatType nat) {
        return nat != NatType.SYMMETRIC && nat != NatType.UNKNOWN;
    }

    static Population draw(Scenario scenario, long seed, RunControl control) {
        Random random = new Random(seed);
        // Failure kinds are drawn apart, so that adding them draws the very same swarm as before.
        Random failureRandom = new Random(seed ^ 0x5DEECE66DL);
        Weighted<FailureKind> failureKinds = new Weighted<>(
                scenario.failuresOrDefault().kinds() == null
                                || scenario.failuresOrDefault().kinds().isEmpty()
                        ? Map.of(FailureKind.CRASH, 1.0)
                        : new EnumMap<>(scenario.failuresOrDefault().kinds()));
        Mixes mixes = new Mixes(scenario);
        int bitrate = scenario.content().bitrateKbps();
        double duration = scenario.durationSeconds();

        List<NodeProfile> infrastructure = new ArrayList<>();
        Scenario.Cdn cdn = scenario.cdn();
        int cdnNodes = cdn == null || cdn.nodes() == null ? 1 : cdn.nodes();
        long cdnUplink = cdn == null || cdn.uplinkKbps() == null ? 10_000_000L : cdn.uplinkKbps();
        String cdnCountry = cdn == null ? null : cdn.country();
        for (int i = 1; i <= cdnNodes; i++) {
            infrastructure.add(new NodeProfile(
                            "cdn-" + i,
                            NodeKind.CDN,
                            "cdn-edge",
                            null,
                            new NetworkLocation(null, null, CDN_ISP, cdnCountry, null, null, null, NatType.OPEN),
                            cdnUplink,
                            null,
                            null,
                            null,
                            List.of())
                    .withDefaults("cdn-" + i));
        }

        List<NodeProfile> seeds = new ArrayList<>();
        int seedCount = scenario.seeds() == null || scenario.seeds().peers() == null
                ? 0
                : scenario.seeds().peers();
        for (int i = 1; i <= seedCount; i++) {
            seeds.add(mixes.peer("seed-" + i, random, bitrate));
        }

        double arrivalWindow = scenario.arrivalSeconds() == null ? 0 : scenario.arrivalSeconds();
        Scenario.Churn churn = scenario.churn();
        double departures =
                churn == null || churn.departuresPerViewerHour() == null ? 0 : churn.departuresPerViewerHour();
        boolean replaced = churn != null && Boolean.TRUE.equals(churn.replaced());
        double seeding = churn == null || churn.seedingSeconds() == null ? 0 : churn.seedingSeconds();
        double failures = scenario.failuresPerViewerHour() == null ? 0 : scenario.failuresPerViewerHour();
        boolean file = scenario.content().kind() == ContentKind.FILE;
        double downloadSeconds = file ? downloadSeconds(scenario.content()) : 0;

        List<Viewer> viewers = new ArrayList<>();
        List<Double> arrivals = new ArrayList<>();
        for (int i = 0; i < scenario.viewers(); i++) {
            arrivals.add(random.nextDouble() * arrivalWindow);
        }
        arrivals.sort(Double::compare);
        // Arrivals in time order; a viewer who goes early may bring a replacement, which is drawn in its turn.
        java.util.PriorityQueue<Double> pending = new java.util.PriorityQueue<>(arrivals);
        int next = 1;
        while (!pending.isEmpty()) {
            control.tick();
            double arrival = pending.poll();
            NodeProfile profile = mixes.peer("v" + next++, random, bitrate);
            double leaves = file
                    ? arrival + downloadSeconds + (seeding <= 0 ? 0 : exponential(random, 1 / seeding))
                    : arrival + exponential(random, departures / 3600);
            double failsAt = arrival + exponential(random, failures / 3600);
            FailureKind failure = failsAt < leaves ? failureKinds.draw(failureRandom) : null;
            double end = failure == FailureKind.CRASH ? failsAt : leaves;
            viewers.add(new Viewer(profile, arrival, end, failure, failure == null ? Double.NaN : failsAt));
            if (replaced && end < duration) {
                pending.add(end);
            }
        }
        return new Population(infrastructure, seeds, viewers);
    }

    /** Seconds to download a file at its rate: megabytes x 8000 kbit over kbps. */
    static double downloadSeconds(Scenario.ContentSpec content) {
        return content.sizeMegabytes() * 8000.0 / content.bitrateKbps();
    }

    private static double exponential(Random random, double ratePerSecond) {
        if (ratePerSecond <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        return -Math.log(1 - random.nextDouble()) / ratePerSecond;
    }

    /** The weighted mixes of a scenario, ready to draw from. */
    private static final class Mixes {

        private final Scenario scenario;
        private final Weighted<Scenario.Isp> isps;
        private final Map<Scenario.Isp, Weighted<NatType>> natsByIsp = new LinkedHashMap<>();
        private final Weighted<String> implementations;
        private final Weighted<Device> devices;
        private final Weighted<Subscription> subscriptions;

        Mixes(Scenario scenario) {
            this.scenario = scenario;
            Map<Scenario.Isp, Double> ispWeights = new LinkedHashMap<>();
            scenario.isps().forEach(isp -> ispWeights.put(isp, isp.share() == null ? 1.0 : isp.share()));
            this.isps = new Weighted<>(ispWeights);
            Map<NatType, Double> nats =
                    scenario.natTypes() == null || scenario.natTypes().isEmpty()
                            ? Map.of(NatType.FULL_CONE, 1.0)
                            : scenario.natTypes();
            for (Scenario.Isp isp : scenario.isps()) {
                Map<NatType, Double> own =
                        isp.natTypes() == null || isp.natTypes().isEmpty() ? nats : isp.natTypes();
                natsByIsp.put(isp, new Weighted<>(new EnumMap<>(own)));
            }
            this.implementations = new Weighted<>(
                    scenario.implementations() == null
                                    || scenario.implementations().isEmpty()
                            ? Map.of("peerage-agent/3.1", 1.0)
                            : scenario.implementations());
            this.devices = new Weighted<>(
                    scenario.devices() == null || scenario.devices().isEmpty()
                            ? Map.of(Device.DESKTOP, 1.0)
                            : new EnumMap<>(scenario.devices()));
            this.subscriptions = new Weighted<>(
                    scenario.subscriptions() == null || scenario.subscriptions().isEmpty()
                            ? Map.of(Subscription.STANDARD, 1.0)
                            : new EnumMap<>(scenario.subscriptions()));
        }

        NodeProfile peer(String id, Random random, int bitrateKbps) {
            Scenario.Isp isp = isps.draw(random);
            List<String> regions = isp.regions() == null ? List.of() : isp.regions();
            String region = regions.isEmpty() ? null : regions.get(random.nextInt(regions.size()));
            NatType nat = natsByIsp.get(isp).draw(random);
            String implementation = implementations.draw(random);
            Device device = devices.draw(random);
            Subscription subscription = subscriptions.draw(random);
            double cannotForward = scenario.cannotForwardShare() == null ? 0 : scenario.cannotForwardShare();
            boolean forwards = random.nextDouble() >= cannotForward;
            Scenario.Uplink uplink = scenario.uplink();
            Scenario.Uplink own = isp.uplink();
            double median =
                    own != null && own.medianToBitrate() != null ? own.medianToBitrate() : uplink.medianToBitrate();
            Double spreadGiven = own != null && own.spread() != null ? own.spread() : uplink.spread();
            double spread = spreadGiven == null ? 0.5 : spreadGiven;
            long uplinkKbps = Math.round(bitrateKbps * median * Math.exp(spread * random.nextGaussian()));
            return new NodeProfile(
                            id,
                            NodeKind.CLIENT,
                            implementation,
                            new Capabilities(acceptsIncoming(nat), true, forwards, null),
                            new NetworkLocation(null, isp.asn(), isp.name(), isp.country(), region, null, null, nat),
                            Math.max(0, Math.min(uplinkKbps, 100_000_000L)),
                            null,
                            subscription,
                            device,
                            List.of())
                    .withDefaults(id);
        }
    }

    /** Draws values in proportion to their weights, in the map's order so that a seed always draws the same. */
    private static final class Weighted<T> {

        private final List<T> values = new ArrayList<>();
        private final double[] cumulative;

        Weighted(Map<T, Double> weights) {
            cumulative = new double[weights.size()];
            double total = 0;
            int i = 0;
            for (Map.Entry<T, Double> entry : weights.entrySet()) {
                total += Math.max(0, entry.getValue());
                values.add(entry.getKey());
                cumulative[i++] = total;
            }
        }

        T draw(Random random) {
            double point = random.nextDouble() * cumulative[cumulative.length - 1];
            for (int i = 0; i < cumulative.length; i++) {
                if (point < cumulative[i]) {
                    return values.get(i);
                }
            }
            return values.get(values.size() - 1);
        }
    }
}
