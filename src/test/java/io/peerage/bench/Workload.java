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
import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyFile;
import io.peerage.policy.PolicySet;
import io.peerage.policy.PolicySettings;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import io.peerage.policy.fact.SwarmLoad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.jboss.logmanager.LogContext;

/**
 * Realistic allocation requests for the engine benchmark, the same for a given seed: a child and {@code n} candidates
 * built the way {@code CandidateFinder.consider} builds them, from a mix of CDN, waypoint and client nodes across ISPs,
 * countries and regions, with lightweight peers, access lists, device lists, refused categories, strangers, affinity
 * groups and quiet hours. Eight requests cycle through the kinds of child and content that make every rule of the
 * shipped catalog fire somewhere, including two denied requests (a licence and an age rating).
 */
public final class Workload {

    /** Tuesday 4 March 2025, 10:30 UTC: working hours in Europe, night in the US. */
    public static final Instant NOW = Instant.parse("2025-03-04T10:30:00Z");

    public static final long SEED = 20250304L;

    private Workload() {}

    /** One request with its candidates. */
    public record Request(AllocationRequest request, List<Candidate> candidates) {}

    private record Place(String country, String timeZone, double lat, double lon, String[] regions, String[] isps) {}

    private static final Place[] PLACES = {
        new Place("DE", "Europe/Berlin", 51.0, 10.0, new String[] {"Berlin", "Bavaria", "Hesse"}, new String[] {
            "Telekom", "Vodafone DE", "O2 DE"
        }),
        new Place("FR", "Europe/Paris", 46.5, 2.5, new String[] {"Ile-de-France", "Occitanie"}, new String[] {
            "Orange", "Free", "SFR"
        }),
        new Place(
                "US", "America/New_York", 39.0, -95.0, new String[] {"California", "New York", "Texas"}, new String[] {
                    "Comcast", "Verizon", "AT&T"
                }),
        new Place("GB", "Europe/London", 53.0, -1.5, new String[] {"London", "Scotland"}, new String[] {"BT", "Sky"}),
        new Place("NL", "Europe/Amsterdam", 52.2, 5.3, new String[] {"Noord-Holland"}, new String[] {"KPN", "Ziggo"}),
    };

    private static final QuietHours[] QUIET = {
        new QuietHours("09:00", "17:00"), new QuietHours("22:00", "06:00"), new QuietHours("18:00", "23:00")
    };

    /**
     * Logging as the service has it: INFO and above. Outside Quarkus nothing sets a level, so every logger is at its
     * most verbose and Drools formats a TRACE message for every rule firing, which the service never does.
     */
    public static void loggingAsInTheService() {
        LogContext.getLogContext().getLogger("").setLevel(Level.INFO);
    }

    /** The shipped catalog: the rule files and settings of {@code rules/}, compiled the way the service does. */
    public static PolicySet shippedCatalog() {
        return shippedCatalog(Path.of("rules"));
    }

    public static PolicySet shippedCatalog(Path folder) {
        List<PolicyFile> files;
        try (Stream<Path> paths = Files.list(folder)) {
            files = paths.filter(path -> {
                        String name = path.getFileName().toString();
                        return name.endsWith(".drl") || name.equals(PolicySettings.FILE_NAME);
                    })
                    .sorted()
                    .map(path -> {
                        try {
                            return PolicyFile.of(path.getFileName().toString(), Files.readString(path));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PolicyCompiler.Result result = new PolicyCompiler(Workload.class.getClassLoader()).compile(files);
        if (!result.isValid()) {
            throw new IllegalStateException("the shipped catalog does not compile: " + result.problems());
        }
        return result.policySet().orElseThrow().numbered(1);
    }

    /** Eight requests of {@code n} candidates each. */
    public static List<Request> requests(int n, long seed) {
        Random random = new Random(seed);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(request(i, n, random));
        }
        return requests;
    }

    private static Request request(int kind, int n, Random random) {
        // The content: live sport (its provider prefers peers), a film (CDN), an ad-supported show, a radio stream.
        Content content = switch (kind % 4) {
            case 0 -> content("match-" + kind, Media.VIDEO, Monetization.FREE, "sportsnet", Category.SPORTS, 0);
            case 1 -> content("film-" + kind, Media.VIDEO, Monetization.PREMIUM, "cinema-plus", Category.MOVIE, 16);
            case 2 -> content("show-" + kind, Media.VIDEO, Monetization.AD_SUPPORTED, "tv-one", Category.SERIES, 0);
            default -> content("radio-" + kind, Media.AUDIO, Monetization.FREE, "indie-radio", Category.MUSIC, 0);
        };
        List<NodeProfile> parents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            parents.add(node("node-" + kind + "-" + i, random));
        }
        NodeProfile child = child(kind, parents, random);
        NodeFacts childFacts = facts(child, random);
        ContentFacts contentFacts = new ContentFacts(content);
        List<Candidate> candidates = new ArrayList<>(n);
        for (NodeProfile parent : parents) {
            candidates.add(new Candidate(
                    facts(parent, random),
                    childFacts,
                    contentFacts,
                    child.capabilities().admits(parent.id(), parent.kind()),
                    child.network().distanceKmTo(parent.network()).orElse(-1),
                    1.0));
        }
        // Most swarms are congested, as at a peak: their holders' spare uplink is below 1.5 times the demand.
        long demand = (long) content.bitrateKbps() * (20 + random.nextInt(200));
        SwarmLoad load =
                kind != 1 && kind != 5 ? new SwarmLoad(demand, demand, true) : new SwarmLoad(demand * 3, demand, false);
        return new Request(new AllocationRequest(childFacts, contentFacts, 4, NOW, load), candidates);
    }

    private static NodeProfile child(int kind, List<NodeProfile> parents, Random random) {
        Place place = PLACES[random.nextInt(PLACES.length)];
        String country = place.country();
        Capabilities capabilities = Capabilities.FULL;
        Integer viewerAge = null;
        Subscription subscription = Subscription.values()[kind % 3];
        switch (kind) {
            case 3 -> country = "CN"; // content of a provider without blocked countries: served
            case 4 -> country = "RU"; // live sport of sportsnet, which is not licensed there: denied
            case 5 -> viewerAge = 12; // a film rated 16: denied
            case 6 -> capabilities = new Capabilities(false, true, true, null); // a lightweight child
            case 7 -> {
                List<String> allowed = new ArrayList<>(List.of(Capabilities.ANY_CDN));
                for (int i = 0; i < parents.size(); i += 3) {
                    allowed.add(parents.get(i).id());
                }
                capabilities = new Capabilities(true, true, true, allowed); // an access list
            }
            default -> viewerAge = 30;
        }
        return new NodeProfile(
                        "child-" + kind,
                        NodeKind.CLIENT,
                        "desktop-agent/5.0",
                        capabilities,
                        location(place, country, random),
                        20_000L,
                        100_000L,
                        subscription,
                        random.nextBoolean() ? Device.DESKTOP : Device.TV,
                        kind % 2 == 0 ? List.of("family-" + random.nextInt(3)) : List.of(),
                        place.timeZone(),
                        "owner-" + random.nextInt(30),
                        viewerAge,
                        null)
                .withDefaults("child-" + kind);
    }

    private static NodeProfile node(String id, Random random) {
        int roll = random.nextInt(100);
        Place place = PLACES[random.nextInt(PLACES.length)];
        if (roll < 10) {
            return infrastructure(id, NodeKind.CDN, place, random);
        }
        if (roll < 15) {
            return infrastructure(id, NodeKind.WAYPOINT, place, random);
        }
        int capability = random.nextInt(100);
        Capabilities capabilities = switch (capability / 5) {
            case 0, 1, 2 -> new Capabilities(false, true, true, null); // behind a symmetric NAT
            case 3 -> new Capabilities(true, true, false, null); // a player that cannot forward
            case 4 -> new Capabilities(true, true, true, List.of("CDN")); // receives only from CDN
            default -> Capabilities.FULL;
        };
        ServingPreferences serving = new ServingPreferences(
                random.nextInt(10) == 0 ? List.of(random.nextBoolean() ? Category.SPORTS : Category.MOVIE) : null,
                random.nextInt(7) == 0 ? QUIET[random.nextInt(QUIET.length)] : null,
                random.nextInt(10) == 0 ? List.of(Device.DESKTOP, Device.LAPTOP) : null,
                random.nextInt(10) == 0 ? Boolean.FALSE : null);
        return new NodeProfile(
                        id,
                        NodeKind.CLIENT,
                        random.nextInt(8) == 0 ? "browser-webrtc/2.1" : "desktop-agent/5.0",
                        capabilities,
                        location(place, place.country(), random),
                        5_000L + random.nextInt(50_000),
                        100_000L,
                        Subscription.values()[random.nextInt(3)],
                        Device.values()[random.nextInt(5)],
                        random.nextInt(5) == 0 ? List.of("family-" + random.nextInt(3)) : List.of(),
                        place.timeZone(),
                        random.nextBoolean() ? "owner-" + random.nextInt(30) : null,
                        null,
                        serving)
                .withDefaults(id);
    }

    private static NodeProfile infrastructure(String id, NodeKind kind, Place place, Random random) {
        return new NodeProfile(
                        id,
                        kind,
                        kind == NodeKind.CDN ? "edge-cache/1.0" : "waypoint/1.0",
                        Capabilities.FULL,
                        location(place, place.country(), random),
                        1_000_000L,
                        1_000_000L,
                        Subscription.STANDARD,
                        Device.SERVER,
                        List.of())
                .withDefaults(id);
    }

    private static NetworkLocation location(Place place, String country, Random random) {
        return new NetworkLocation(
                "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256),
                64_500L + random.nextInt(20),
                place.isps()[random.nextInt(place.isps().length)],
                country,
                place.regions()[random.nextInt(place.regions().length)],
                place.lat() + random.nextGaussian() * 2,
                place.lon() + random.nextGaussian() * 2,
                NatType.values()[random.nextInt(NatType.values().length)]);
    }

    /** The node as the allocation pipeline sees it, classified by its declared capabilities. */
    private static NodeFacts facts(NodeProfile profile, Random random) {
        var reasons = CapabilityFloor.reasons(profile);
        var classification = new Classification(reasons.isEmpty() ? PeerType.REGULAR : PeerType.LIGHTWEIGHT, reasons);
        double quality = profile.kind() == NodeKind.CLIENT ? 0.3 + random.nextDouble() * 0.7 : 1.0;
        return new NodeFacts(profile, classification, profile.uplinkKbps() / 2, quality, NOW);
    }

    private static Content content(
            String id, Media media, Monetization monetization, String provider, Category category, int ageRating) {
        return new Content(
                        id, ContentKind.LIVE, media, 3000, monetization, provider, category, "Title " + id, ageRating)
                .withDefaults(id);
    }
}
