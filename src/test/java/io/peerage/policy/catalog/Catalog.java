package io.peerage.policy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.content.Category;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.content.Monetization;
import io.peerage.node.Capabilities;
import io.peerage.node.Classification;
import io.peerage.node.Device;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.QuietHours;
import io.peerage.node.ServingPreferences;
import io.peerage.node.Subscription;
import io.peerage.policy.PolicyCompiler;
import io.peerage.policy.PolicyEvaluation;
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
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped policy catalog as a business user meets it: the files of the top-level {@code rules/} folder, compiled
 * the way the service compiles them, and facts described in the business's words.
 */
final class Catalog {

    static final Path RULES = Path.of("rules");

    /** Tuesday 4 March 2025, 10:30 UTC: 11:30 in Berlin, 05:30 in New York. */
    static final Instant NOW = Instant.parse("2025-03-04T10:30:00Z");

    private static PolicySet shipped;

    private Catalog() {}

    /** The rule files and the settings file of {@code rules/}, as the engine reads them. */
    static List<PolicyFile> files() {
        try (Stream<Path> paths = Files.list(RULES)) {
            return paths.filter(path -> {
                        String name = path.getFileName().toString();
                        return name.endsWith(".drl") || name.equals(PolicySettings.FILE_NAME);
                    })
                    .sorted()
                    .map(Catalog::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicyFile read(Path path) {
        try {
            return PolicyFile.of(path.getFileName().toString(), Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PolicyCompiler compiler() {
        return new PolicyCompiler(Catalog.class.getClassLoader());
    }

    /** The shipped policy set, compiled once; the test fails with every problem when it does not compile. */
    static synchronized PolicySet shipped() {
        if (shipped == null) {
            PolicyCompiler.Result result = compiler().compile(files());
            assertThat(result.problems()).as("problems in rules/").isEmpty();
            shipped = result.policySet().orElseThrow();
        }
        return shipped;
    }

    /** The shipped rules with another settings file in place of the shipped one. */
    static PolicySet withSettings(String settingsJson) {
        List<PolicyFile> files = new ArrayList<>(files().stream()
                .filter(file -> !file.name().equals(PolicySettings.FILE_NAME))
                .toList());
        files.add(PolicyFile.of(PolicySettings.FILE_NAME, settingsJson));
        PolicyCompiler.Result result = compiler().compile(files);
        assertThat(result.problems()).as("problems in the policy set").isEmpty();
        return result.policySet().orElseThrow();
    }

    static Node peer(String id) {
        return new Node(id, NodeKind.CLIENT);
    }

    static Node cdn(String id) {
        return new Node(id, NodeKind.CDN).device(Device.SERVER);
    }

    static Programme content(String id) {
        return new Programme(id);
    }

    /** Asks for {@code content} for {@code child} under the given policies, with these parents on offer. */
    static PolicyEvaluation evaluate(PolicySet policies, Node child, Programme content, Node... parents) {
        return evaluate(policies, child, content, SwarmLoad.UNMEASURED, parents);
    }

    static PolicyEvaluation evaluate(
            PolicySet policies, Node child, Programme content, SwarmLoad load, Node... parents) {
        NodeFacts childFacts = child.facts();
        ContentFacts contentFacts = new ContentFacts(content.content());
        List<Candidate> candidates = Arrays.stream(parents)
                .map(parent -> new Candidate(parent.facts(), childFacts, contentFacts, true, 10, 1.0))
                .toList();
        return policies.evaluate(new AllocationRequest(childFacts, contentFacts, 4, NOW, load), candidates);
    }

    /** A congested swarm: 2000 kbps spare for 6000 kbps of demand. */
    static final SwarmLoad CONGESTED = new SwarmLoad(2000, 6000, true);

    /** A content being described. */
    static final class Programme {
        private final String id;
        private Media media = Media.VIDEO;
        private Monetization monetization = Monetization.FREE;
        private String provider = "";
        private Category category = Category.SPORTS;
        private int ageRating;

        private Programme(String id) {
            this.id = id;
        }

        Programme audio() {
            this.media = Media.AUDIO;
            return this;
        }

        Programme monetization(Monetization monetization) {
            this.monetization = monetization;
            return this;
        }

        Programme provider(String provider) {
            this.provider = provider;
            return this;
        }

        Programme category(Category category) {
            this.category = category;
            return this;
        }

        Programme ageRating(int ageRating) {
            this.ageRating = ageRating;
            return this;
        }

        Content content() {
            return new Content(id, ContentKind.LIVE, media, 3000, monetization, provider, category, "Title", ageRating)
                    .withDefaults(id);
        }
    }

    /** A node being described: everything optional is absent until said. */
    static final class Node {
        private final String id;
        private final NodeKind kind;
        private String isp = "";
        private String country = "";
        private String region = "";
        private Device device = Device.DESKTOP;
        private Subscription subscription = Subscription.STANDARD;
        private List<String> groups = List.of();
        private String timeZone;
        private String owner;
        private Integer viewerAge;
        private QuietHours quietHours;
        private List<Device> servesDevices;
        private List<Category> refusedCategories;
        private Boolean servesStrangers;
        private double quality = 0.5;

        private Node(String id, NodeKind kind) {
            this.id = id;
            this.kind = kind;
        }

        Node at(String isp, String country, String region) {
            this.isp = isp;
            this.country = country;
            this.region = region;
            return this;
        }

        Node device(Device device) {
            this.device = device;
            return this;
        }

        Node subscription(Subscription subscription) {
            this.subscription = subscription;
            return this;
        }

        Node groups(String... groups) {
            this.groups = List.of(groups);
            return this;
        }

        Node timeZone(String timeZone) {
            this.timeZone = timeZone;
            return this;
        }

        Node owner(String owner) {
            this.owner = owner;
            return this;
        }

        Node viewerAge(int viewerAge) {
            this.viewerAge = viewerAge;
            return this;
        }

        Node quietHours(String from, String to) {
            this.quietHours = new QuietHours(from, to);
            return this;
        }

        Node servesOnly(Device... devices) {
            this.servesDevices = List.of(devices);
            return this;
        }

        Node refuses(Category... categories) {
            this.refusedCategories = List.of(categories);
            return this;
        }

        Node refusesStrangers() {
            this.servesStrangers = false;
            return this;
        }

        Node quality(double quality) {
            this.quality = quality;
            return this;
        }

        NodeProfile profile() {
            return new NodeProfile(
                            id,
                            kind,
                            "desktop-agent/5.0",
                            Capabilities.FULL,
                            new NetworkLocation(null, null, isp, emptyToNull(country), region, null, null, null),
                            10_000L,
                            10_000L,
                            subscription,
                            device,
                            groups,
                            timeZone,
                            owner,
                            viewerAge,
                            new ServingPreferences(refusedCategories, quietHours, servesDevices, servesStrangers))
                    .withDefaults(id);
        }

        NodeFacts facts() {
            return new NodeFacts(profile(), Classification.regular(), 10_000L, quality, NOW);
        }

        private static String emptyToNull(String value) {
            return value.isEmpty() ? null : value;
        }
    }
}
