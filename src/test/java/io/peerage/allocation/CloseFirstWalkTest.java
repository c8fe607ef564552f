package io.peerage.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerage.content.Category;
import io.peerage.content.Content;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.content.Monetization;
import io.peerage.node.Capabilities;
import io.peerage.node.Classification;
import io.peerage.node.NatType;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.PeerType;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Reason;
import io.peerage.simulation.PolicySets;
import io.peerage.simulation.Simulation;
import io.peerage.swarm.HolderPart;
import io.peerage.swarm.LiveNode;
import io.peerage.swarm.ParentShare;
import io.peerage.swarm.Swarm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The holder walk, closest first, through the whole pipeline on a swarm in memory: which holders go on record in which
 * order, which parents are chosen, what is relaxed, and which parts' holders are left unexamined. No service is booted.
 */
class CloseFirstWalkTest {

    private static final PolicySet CATALOG = PolicySets.fromFolder(Path.of("rules"));
    private static final PolicySet SOFT = PolicySets.fromFolder(Path.of("src/test/resources/rules-soft"));
    private static final Instant NOW = Instant.parse("2026-06-01T20:00:00Z");
    private static final Content MATCH = new Content(
                    "match", ContentKind.LIVE, Media.VIDEO, 1000, Monetization.FREE, "", Category.SPORTS, "", 0)
            .withDefaults("match");

    /** A node of a test swarm: where it is, its uplink, how much of it is already reserved, what it is. */
    record Node(
            String id,
            NodeKind kind,
            Long asn,
            String isp,
            String country,
            String region,
            long uplinkKbps,
            long busyKbps,
            boolean lightweight,
            List<String> accessList) {

        Node busy(long kbps) {
            return new Node(id, kind, asn, isp, country, region, uplinkKbps, kbps, lightweight, accessList);
        }

        Node lightweightPeer() {
            return new Node(id, kind, asn, isp, country, region, uplinkKbps, busyKbps, true, accessList);
        }

        Node receivingOnlyFrom(String... sources) {
            return new Node(id, kind, asn, isp, country, region, uplinkKbps, busyKbps, lightweight, List.of(sources));
        }

        NodeProfile profile() {
            return new NodeProfile(
                            id,
                            kind,
                            "peerage-agent/3.1",
                            new Capabilities(!lightweight, true, true, accessList),
                            new NetworkLocation(null, asn, isp, country, region, null, null, NatType.FULL_CONE),
                            uplinkKbps,
                            null,
                            null,
                            null,
                            List.of())
                    .withDefaults(id);
        }
    }

    static Node peer(String id, Long asn, String isp, String country, String region, long uplinkKbps) {
        return new Node(id, NodeKind.CLIENT, asn, isp, country, region, uplinkKbps, 0, false, null);
    }

    static Node cdn(String id) {
        return new Node(id, NodeKind.CDN, null, "cdn", "NO", null, 10_000_000, 0, false, null);
    }

    /** The child of most cases: on Alpha (AS 100), in Oslo, Norway. */
    static Node child() {
        return peer("child", 100L, "Alpha", "NO", "Oslo", 1000);
    }

    static Node alpha(String id, long uplinkKbps) {
        return peer(id, 100L, "Alpha", "NO", "Vestland", uplinkKbps);
    }

    static Node betaOslo(String id, long uplinkKbps) {
        return peer(id, 200L, "Beta", "NO", "Oslo", uplinkKbps);
    }

    static Node gammaBergen(String id, long uplinkKbps) {
        return peer(id, 300L, "Gamma", "NO", "Vestland", uplinkKbps);
    }

    static Node deltaSweden(String id, long uplinkKbps) {
        return peer(id, 400L, "Delta", "SE", "Stockholm", uplinkKbps);
    }

    record Case(
            String name,
            Node child,
            List<Node> holders,
            PolicySet policies,
            int shortlist,
            int walkLimit,
            List<String> onRecord,
            List<String> parents,
            List<String> relaxed,
            Map<HolderPart, Integer> notExamined,
            Map<String, String> reasonOf) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "local holders busy: the idle local one is chosen, the idler holders elsewhere wait",
                        child(),
                        List.of(
                                alpha("a-busy", 2000).busy(1900),
                                alpha("a-half", 3000).busy(2500),
                                alpha("a-idle", 1200),
                                betaOslo("b-1", 5000),
                                betaOslo("b-2", 5000),
                                deltaSweden("d-1", 9000),
                                cdn("cdn-1")),
                        CATALOG,
                        64,
                        4096,
                        List.of("cdn-1", "a-idle", "a-half", "a-busy"),
                        List.of("a-idle"),
                        List.of(),
                        Map.of(HolderPart.REGION, 2, HolderPart.ELSEWHERE, 1),
                        Map.of("a-busy", "no-spare-uplink")),
                new Case(
                        "no local holder: the region, then the country, until the rate is covered",
                        child(),
                        List.of(betaOslo("b-1", 600), gammaBergen("g-1", 600), deltaSweden("d-1", 5000)),
                        CATALOG,
                        64,
                        4096,
                        List.of("b-1", "g-1"),
                        List.of("b-1", "g-1"),
                        List.of(),
                        Map.of(HolderPart.ELSEWHERE, 1),
                        Map.of()),
                new Case(
                        "region, country and elsewhere: each is reached only when the closer ones cannot cover",
                        child(),
                        List.of(
                                betaOslo("b-1", 300),
                                gammaBergen("g-1", 300),
                                gammaBergen("g-2", 300),
                                deltaSweden("d-1", 5000),
                                deltaSweden("d-2", 4000)),
                        CATALOG,
                        64,
                        4096,
                        List.of("b-1", "g-1", "g-2", "d-1", "d-2"),
                        List.of("b-1", "g-1", "g-2", "d-1"),
                        List.of(),
                        Map.of(),
                        Map.of()),
                new Case(
                        "only CDN nodes: every one is examined, the slots and the rest after the peers' parts",
                        child(),
                        List.of(cdn("cdn-1"), cdn("cdn-2"), cdn("cdn-3")),
                        CATALOG,
                        64,
                        4096,
                        List.of("cdn-1", "cdn-2", "cdn-3"),
                        List.of("cdn-1"),
                        List.of(),
                        Map.of(),
                        Map.of()),
                new Case(
                        "CDN nodes keep their slots when local peers cover the rate, so a rule that avoids them sees them",
                        child(),
                        List.of(cdn("cdn-1"), cdn("cdn-2"), cdn("cdn-3"), alpha("a-1", 2000)),
                        SOFT,
                        64,
                        4096,
                        List.of("cdn-1", "cdn-2", "a-1"),
                        List.of("a-1"),
                        List.of(),
                        Map.of(HolderPart.INFRASTRUCTURE, 1),
                        Map.of("cdn-1", "cdn-last-resort")),
                new Case(
                        "a full shortlist of local holders leaves the other parts unexamined",
                        child(),
                        List.of(
                                alpha("a-1", 1400),
                                alpha("a-2", 1300),
                                alpha("a-3", 1200),
                                alpha("a-4", 1100),
                                betaOslo("b-1", 9000)),
                        CATALOG,
                        2,
                        4096,
                        List.of("a-1", "a-2"),
                        List.of("a-1"),
                        List.of(),
                        Map.of(HolderPart.NETWORK, 2, HolderPart.REGION, 1),
                        Map.of()),
                new Case(
                        "lightweight child: the lightweight local holders are on record and take no shortlist place",
                        child().lightweightPeer(),
                        List.of(
                                alpha("a-lw-1", 5000).lightweightPeer(),
                                alpha("a-lw-2", 4000).lightweightPeer(),
                                betaOslo("b-1", 2000),
                                deltaSweden("d-1", 9000)),
                        CATALOG,
                        1,
                        4096,
                        List.of("a-lw-1", "a-lw-2", "b-1"),
                        List.of("b-1"),
                        List.of(),
                        Map.of(HolderPart.ELSEWHERE, 1),
                        Map.of("a-lw-1", "lightweight-to-lightweight", "a-lw-2", "lightweight-to-lightweight")),
                new Case(
                        "access list: local holders off the list are on record, the listed one far away is found",
                        child().receivingOnlyFrom("d-1"),
                        List.of(alpha("a-1", 5000), betaOslo("b-1", 5000), deltaSweden("d-1", 2000)),
                        CATALOG,
                        64,
                        4096,
                        List.of("a-1", "b-1", "d-1"),
                        List.of("d-1"),
                        List.of(),
                        Map.of(),
                        Map.of("a-1", "not-on-access-list", "b-1", "not-on-access-list")),
                new Case(
                        "relaxation after the last part: every holder is examined before the child's ISP rule is lifted",
                        child(),
                        List.of(
                                cdn("cdn-1"),
                                betaOslo("b-1", 2000),
                                gammaBergen("g-1", 2000),
                                deltaSweden("d-1", 9000)),
                        SOFT,
                        1,
                        4096,
                        List.of("cdn-1", "b-1", "g-1", "d-1"),
                        List.of("b-1"),
                        List.of("Parents come from the child's ISP"),
                        Map.of(),
                        Map.of("d-1", "other-country", "cdn-1", "cdn-last-resort")),
                new Case(
                        "ASN unknown: the child's ISP, whatever its case, is its network",
                        peer("child", null, "Alpha", "NO", "Oslo", 1000),
                        List.of(peer("a-1", null, "ALPHA", "NO", "Vestland", 1200), betaOslo("b-1", 5000)),
                        CATALOG,
                        64,
                        4096,
                        List.of("a-1"),
                        List.of("a-1"),
                        List.of(),
                        Map.of(HolderPart.REGION, 1),
                        Map.of()),
                new Case(
                        "ASN known: another network's holder of the same ISP name is not the child's network",
                        child(),
                        List.of(peer("x-1", 999L, "Alpha", "SE", "Stockholm", 1200), betaOslo("b-1", 1200)),
                        CATALOG,
                        64,
                        4096,
                        List.of("b-1"),
                        List.of("b-1"),
                        List.of(),
                        Map.of(HolderPart.ELSEWHERE, 1),
                        Map.of()),
                new Case(
                        "walk limit reached in a near part: the farther parts are counted as not examined",
                        child().lightweightPeer(),
                        List.of(
                                alpha("a-lw-1", 5000).lightweightPeer(),
                                alpha("a-lw-2", 4000).lightweightPeer(),
                                alpha("a-lw-3", 3000).lightweightPeer(),
                                alpha("a-lw-4", 2000).lightweightPeer(),
                                betaOslo("b-1", 2000)),
                        CATALOG,
                        64,
                        3,
                        List.of("a-lw-1", "a-lw-2", "a-lw-3"),
                        List.of(),
                        List.of(),
                        Map.of(HolderPart.NETWORK, 1, HolderPart.REGION, 1),
                        Map.of("a-lw-3", "lightweight-to-lightweight")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_walk_goes_closest_first(Case example) {
        Swarm swarm = new Swarm();
        LiveNode child = join(swarm, example.child());
        for (Node holder : example.holders()) {
            LiveNode node = join(swarm, holder);
            swarm.hold(node, MATCH.id(), 1.0);
            if (holder.busyKbps() > 0) {
                assertThat(swarm.reserve(node, holder.busyKbps())).isTrue();
            }
        }
        Pipeline pipeline =
                new Pipeline(swarm, new Simulation.Settings(4, example.shortlist(), 64, example.walkLimit(), 2));

        Plan plan = pipeline.plan(child, MATCH, 4, example.policies(), NOW, pipeline::reserveUpTo);

        assertThat(plan.candidates()).extracting(Considered::id).containsExactlyElementsOf(example.onRecord());
        assertThat(plan.parents()).extracting(ParentShare::nodeId).containsExactlyElementsOf(example.parents());
        assertThat(plan.relaxed()).containsExactlyElementsOf(example.relaxed());
        assertThat(plan.notExaminedByPart()).isEqualTo(example.notExamined());
        assertThat(plan.notExamined())
                .isEqualTo(example.notExamined().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum());
        example.reasonOf()
                .forEach((id, code) ->
                        assertThat(reasonCodes(plan, id)).as("reasons of " + id).contains(code));
    }

    private static LiveNode join(Swarm swarm, Node node) {
        Classification classification =
                node.lightweight() ? new Classification(PeerType.LIGHTWEIGHT, List.of()) : Classification.regular();
        return swarm.join(node.profile(), classification, NOW);
    }

    private static List<String> reasonCodes(Plan plan, String id) {
        List<String> codes = new ArrayList<>();
        for (Considered candidate : plan.candidates()) {
            if (candidate.id().equals(id)) {
                candidate.reasons.stream().map(Reason::code).forEach(codes::add);
            }
        }
        return codes;
    }
}
