package io.peerage.policy;

import io.peerage.content.Category;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.content.Monetization;
import io.peerage.node.Capabilities;
import io.peerage.node.CapabilityFloor;
import io.peerage.node.Classification;
import io.peerage.node.Device;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.node.Subscription;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the facts policies see, so that a test reads like the business: {@code peer("child").cannotAcceptIncoming()}
 * is a lightweight child, {@code candidate(cdn("cdn-1"), child)} a CDN node offered to it.
 */
final class Facts {

    static final Instant NOW = Instant.parse("2025-03-01T20:00:00Z");

    private Facts() {}

    /** A client peer running the desktop agent, able to do everything until told otherwise. */
    static Node peer(String id) {
        return new Node(id, NodeKind.CLIENT, "desktop-agent/3.2");
    }

    static Node cdn(String id) {
        return new Node(id, NodeKind.CDN, "edge-cache/1.0");
    }

    static Node waypoint(String id) {
        return new Node(id, NodeKind.WAYPOINT, "waypoint/1.0");
    }

    /** The pair as the candidate finder builds it: the access list is checked the way the engine checks it. */
    static Candidate candidate(Node parent, Node child) {
        return new Candidate(
                parent.facts(),
                child.facts(),
                content(),
                child.profile().capabilities().admits(parent.id, parent.kind),
                12.5,
                1.0);
    }

    /** The child asking for a live football match. */
    static AllocationRequest request(Node child) {
        return new AllocationRequest(child.facts(), content(), 3, NOW);
    }

    static ContentFacts content() {
        return new ContentFacts(new Content(
                "match-1",
                ContentKind.LIVE,
                Media.VIDEO,
                3000,
                Monetization.FREE,
                "sportsnet",
                Category.SPORTS,
                "Cup final",
                0));
    }

    /** A node being described: what it is and what it declares it can do. */
    static final class Node {
        private final String id;
        private final NodeKind kind;
        private String implementation;
        private boolean acceptsIncoming = true;
        private boolean canForward = true;
        private List<String> allowedSources;

        private Node(String id, NodeKind kind, String implementation) {
            this.id = id;
            this.kind = kind;
            this.implementation = implementation;
        }

        Node implementation(String implementation) {
            this.implementation = implementation;
            return this;
        }

        /** Behind a firewall or a symmetric NAT. */
        Node cannotAcceptIncoming() {
            this.acceptsIncoming = false;
            return this;
        }

        Node cannotForward() {
            this.canForward = false;
            return this;
        }

        /** An access list: node ids, or the word {@code CDN} for every CDN node. */
        Node receivesOnlyFrom(String... sources) {
            this.allowedSources = Arrays.asList(sources);
            return this;
        }

        NodeProfile profile() {
            return new NodeProfile(
                            null,
                            kind,
                            implementation,
                            new Capabilities(acceptsIncoming, true, canForward, allowedSources),
                            NetworkLocation.UNKNOWN,
                            50_000L,
                            100_000L,
                            Subscription.STANDARD,
                            kind.isInfrastructure() ? Device.SERVER : Device.DESKTOP,
                            List.of())
                    .withDefaults(id);
        }

        /** The node as rules see it, classified by its declared capabilities the way the engine's floor does. */
        NodeFacts facts() {
            NodeProfile profile = profile();
            var reasons = CapabilityFloor.reasons(profile);
            var classification =
                    new Classification(reasons.isEmpty() ? PeerType.REGULAR : PeerType.LIGHTWEIGHT, reasons);
            return new NodeFacts(profile, classification, 20_000L, 0.5);
        }
    }
}
