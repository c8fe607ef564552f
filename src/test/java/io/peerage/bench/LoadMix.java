package io.peerage.bench;

import io.peerage.content.Category;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.content.Monetization;
import io.peerage.node.Capabilities;
import io.peerage.node.CapabilityFloor;
import io.peerage.node.Classification;
import io.peerage.node.Device;
import io.peerage.node.NatType;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.node.QuietHours;
import io.peerage.node.ServingPreferences;
import io.peerage.node.Subscription;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.policy.fact.SwarmLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests over the swarm of the service benchmark's load ({@code src/bench/load/gen_swarm.py}): clients over 5 ISPs
 * and 10 countries of 3 regions each, 30 % of them no-install browser players behind a symmetric NAT, no serving
 * preferences, affinity groups or owners, the quality every node starts with (the load's heartbeats carry no report),
 * the load's five providers; and, beside it, the worst case for deciding once per class: requests whose candidates
 * all differ on what the catalog's rules decide on.
 */
public final class LoadMix {

    private static final String[][] COUNTRIES = {
        {"DE", "Europe/Berlin"}, {"FR", "Europe/Paris"}, {"GB", "Europe/London"}, {"NL", "Europe/Amsterdam"},
        {"ES", "Europe/Madrid"}, {"IT", "Europe/Rome"}, {"PL", "Europe/Warsaw"}, {"SE", "Europe/Stockholm"},
        {"US", "America/New_York"}, {"JP", "Asia/Tokyo"}
    };
    private static final String[] ISPS = {"isp-alpha", "isp-bravo", "isp-charlie", "isp-delta", "isp-echo"};
    /** What a node starts with and keeps under the load, whose heartbeats report nothing. */
    private static final double QUALITY = 0.5;
    /** Infrastructure slots of a request (peerage.allocation.infrastructure-slots). */
    private static final int CDNS = 2;
    /** The worst case's child: on the first ISP, in the first country, in the affinity group. */
    private static final int CHILD = 2 | 64 | 128;

    private LoadMix() {}

    /** Eight requests of {@code n} candidates each, drawn from the load's swarm. */
    public static List<Workload.Request> requests(int n, long seed) {
        Random random = new Random(seed);
        List<Workload.Request> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            List<NodeProfile> parents = new ArrayList<>(n);
            for (int p = 0; p < n; p++) {
                parents.add(p < CDNS ? cdn("cdn-" + i + "-" + p, random) : client("n" + i + "-" + p, random, null));
            }
            requests.add(request(i, client("child-" + i, random, null), parents, random));
        }
        return requests;
    }

    /**
     * Eight requests of {@code n} (at most 256) candidates each, every candidate of a request differing from the others
     * on what the catalog's rules decide on: the bits of its number say whether it is lightweight, is on the child's
     * ISP, in its quiet hours, serves only other devices, refuses the content's category, refuses strangers, shares an
     * affinity group with the child and is in the child's country.
     */
    public static List<Workload.Request> everyCandidateItsOwnClass(int n, long seed) {
        if (n > 256) {
            throw new IllegalArgumentException("eight properties make at most 256 classes, not " + n);
        }
        Random random = new Random(seed);
        List<Workload.Request> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // The child is on the first ISP and in the affinity group that half of the candidates share with it.
            NodeProfile child = client("child-" + i, random, CHILD);
            List<NodeProfile> parents = new ArrayList<>(n);
            for (int p = 0; p < n; p++) {
                parents.add(client("n" + i + "-" + p, random, p));
            }
            requests.add(request(i, child, parents, random));
        }
        return requests;
    }

    private static Workload.Request request(int kind, NodeProfile child, List<NodeProfile> parents, Random random) {
        Content content = switch (kind % 5) {
            case 0 -> content("live-" + kind, Media.VIDEO, "sportsnet", Category.SPORTS, Monetization.AD_SUPPORTED, 0);
            case 1 -> content("news-" + kind, Media.VIDEO, "newsroom", Category.NEWS, Monetization.AD_SUPPORTED, 0);
            case 2 -> content("film-" + kind, Media.VIDEO, "cinema-plus", Category.MOVIE, Monetization.PREMIUM, 16);
            case 3 -> content("music-" + kind, Media.AUDIO, "soundwave", Category.MUSIC, Monetization.FREE, 0);
            default -> content("lecture-" + kind, Media.AUDIO, "campus", Category.LECTURE, Monetization.FREE, 0);
        };
        NodeFacts childFacts = facts(child);
        ContentFacts contentFacts = new ContentFacts(content);
        List<Candidate> candidates = new ArrayList<>(parents.size());
        for (NodeProfile parent : parents) {
            candidates.add(new Candidate(
                    facts(parent),
                    childFacts,
                    contentFacts,
                    child.capabilities().admits(parent.id(), parent.kind()),
                    child.network().distanceKmTo(parent.network()).orElse(-1),
                    1.0));
        }
        long demand = (long) content.bitrateKbps() * (20 + random.nextInt(200));
        SwarmLoad load = kind % 2 == 0 ? new SwarmLoad(demand, demand, true) : new SwarmLoad(demand * 3, demand, false);
        return new Workload.Request(new AllocationRequest(childFacts, contentFacts, 4, Workload.NOW, load), candidates);
    }

    /** A client as gen_swarm.py draws one; with {@code bits}, the worst case's properties instead. */
    private static NodeProfile client(String id, Random random, Integer bits) {
        // In the worst case the child is in the first country; a candidate is there too when its bit 128 says so.
        String[] country = bits == null
                ? COUNTRIES[random.nextInt(COUNTRIES.length)]
                : (bits & 128) != 0 || bits == CHILD
                        ? COUNTRIES[0]
                        : COUNTRIES[1 + random.nextInt(COUNTRIES.length - 1)];
        boolean lightweight = bits == null ? random.nextDouble() < 0.30 : (bits & 1) != 0;
        Capabilities capabilities = bits == null
                ? (lightweight ? new Capabilities(false, true, true, null) : Capabilities.FULL)
                : new Capabilities(!lightweight, true, true, null);
        ServingPreferences serving = bits == null
                ? null
                : new ServingPreferences(
                        (bits & 16) != 0 ? List.of(Category.values()) : null,
                        (bits & 4) != 0 ? new QuietHours("00:00", "23:59") : null,
                        (bits & 8) != 0 ? List.of(Device.SET_TOP) : null,
                        (bits & 32) != 0 ? Boolean.FALSE : null);
        Device device = lightweight
                ? List.of(Device.LAPTOP, Device.MOBILE, Device.TABLET).get(random.nextInt(3))
                : List.of(Device.DESKTOP, Device.LAPTOP, Device.TV, Device.CONSOLE)
                        .get(random.nextInt(4));
        int subscription = random.nextInt(10);
        return new NodeProfile(
                        id,
                        NodeKind.CLIENT,
                        lightweight ? "browser-webrtc/2.1" : "peerage-desktop/3.1",
                        capabilities,
                        location(
                                country[0],
                                bits == null
                                        ? random.nextInt(ISPS.length)
                                        : (bits & 2) != 0 ? 0 : 1 + random.nextInt(ISPS.length - 1),
                                random),
                        (long) (lightweight ? 1000 : 4000) * (1 + random.nextInt(4)),
                        50_000L,
                        subscription == 0
                                ? Subscription.PREMIUM
                                : subscription < 7 ? Subscription.STANDARD : Subscription.FREE,
                        device,
                        bits != null && (bits & 64) != 0 ? List.of("campus-group") : List.of(),
                        country[1],
                        null,
                        random.nextBoolean() ? 8 + random.nextInt(72) : null,
                        serving)
                .withDefaults(id);
    }

    private static NodeProfile cdn(String id, Random random) {
        String[] country = COUNTRIES[random.nextInt(COUNTRIES.length)];
        return new NodeProfile(
                        id,
                        NodeKind.CDN,
                        "edge/1.0",
                        Capabilities.FULL,
                        location(country[0], random.nextInt(ISPS.length), random),
                        10_000_000L,
                        10_000_000L,
                        Subscription.STANDARD,
                        Device.SERVER,
                        List.of())
                .withDefaults(id);
    }

    private static NetworkLocation location(String country, int isp, Random random) {
        return new NetworkLocation(
                "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256),
                64_501L + isp,
                ISPS[isp],
                country,
                country.toLowerCase() + "-" + random.nextInt(3),
                40 + random.nextDouble() * 20,
                random.nextDouble() * 20,
                NatType.OPEN);
    }

    private static NodeFacts facts(NodeProfile profile) {
        var reasons = CapabilityFloor.reasons(profile);
        var classification = new Classification(reasons.isEmpty() ? PeerType.REGULAR : PeerType.LIGHTWEIGHT, reasons);
        return new NodeFacts(profile, classification, profile.uplinkKbps() / 2, QUALITY, Workload.NOW);
    }

    private static Content content(
            String id, Media media, String provider, Category category, Monetization monetization, int ageRating) {
        return new Content(
                        id, ContentKind.LIVE, media, 3000, monetization, provider, category, "Title " + id, ageRating)
                .withDefaults(id);
    }
}
