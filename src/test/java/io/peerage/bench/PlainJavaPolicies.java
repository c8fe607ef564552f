package io.peerage.bench;

import io.peerage.policy.PolicyEvaluation;
import io.peerage.policy.PolicySet;
import io.peerage.policy.Preference;
import io.peerage.policy.Reason;
import io.peerage.policy.RuleMetadata;
import io.peerage.policy.fact.AllocationRequest;
import io.peerage.policy.fact.Candidate;
import io.peerage.policy.fact.ContentFacts;
import io.peerage.policy.fact.NodeFacts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allocation rules of the shipped catalog ({@code rules/*.drl} with {@code settings.json}) written in plain Java,
 * with the same conditions, weights and messages, and the same rule metadata on every reason: the fastest the same
 * decisions can be made, which the engine benchmark compares the rule engine with. It is a copy, kept honest by
 * {@code EngineBenchmarkTest}; the service never uses it.
 */
public final class PlainJavaPolicies {

    static final String GEO_BLOCKED = "Content is not served where it is not licensed";
    static final String AGE_RATED = "Age-rated content is not served to younger viewers";
    static final String LIGHTWEIGHT_PAIR = "A lightweight child is never given a lightweight parent";
    static final String ACCESS_LIST = "A child with an access list receives only from sources on it";
    static final String CANNOT_FORWARD = "A node that cannot forward is never a parent";
    static final String QUIET_HOURS = "A node does not serve during its quiet hours";
    static final String DEVICE = "A node serves only the devices it lists";
    static final String CATEGORY = "A node does not serve the categories it refuses";
    static final String STRANGER = "A node that refuses strangers serves only its own and its groups";
    static final String AFFINITY = "Members of an affinity group prefer each other";
    static final String SAME_ISP = "Prefer parents on the child's ISP";
    static final String SAME_COUNTRY = "Prefer parents in the child's country";
    static final String SAME_REGION = "Prefer parents in the child's region";
    static final String PREMIUM = "Under congestion, premium subscribers get the better parents";
    static final String FREE = "Under congestion, free viewers get the other parents";
    static final String AUDIO = "Under congestion, audio goes before video";
    static final String AD_SUPPORTED = "Under congestion, ad-supported content goes before free content";
    static final String PREFER_CDN = "Providers that want quality get CDN parents first";
    static final String PREFER_PEERS = "Providers that want to cut hosting cost get peer parents first";

    private final PolicySet set;
    private final Map<String, RuleMetadata> rules;

    public PlainJavaPolicies(PolicySet set) {
        this.set = set;
        this.rules = set.rules();
    }

    public PolicyEvaluation evaluate(AllocationRequest request, Collection<Candidate> candidates) {
        AllocationRequest settled = request.settled(set.settings());
        NodeFacts child = settled.getChild();
        ContentFacts content = settled.getContent();
        List<Reason> denials = new ArrayList<>(2);
        String country = child.getCountry();
        if (content.getBlockedCountries().contains(country)) {
            denials.add(
                    Reason.of(rules.get(GEO_BLOCKED), "content " + content.getId() + " is not licensed in " + country));
        }
        if (child.isViewerAgeKnown() && child.getViewerAge() < content.getAgeRating()) {
            denials.add(Reason.of(
                    rules.get(AGE_RATED),
                    "content " + content.getId() + " is rated " + content.getAgeRating() + "+ and the viewer on "
                            + child.getId() + " is " + child.getViewerAge()));
        }

        RequestWide wide = RequestWide.of(settled);
        Map<String, List<Reason>> rejections = new LinkedHashMap<>();
        Map<String, List<Preference>> preferences = new HashMap<>();
        for (Candidate given : candidates) {
            Candidate candidate = given.settled(content, set.settings());
            String parent = candidate.getNode().getId();
            List<Reason> rejected = rejections(child, content, candidate);
            if (rejected != null) {
                rejections.put(parent, rejected);
            }
            List<Preference> preferred = preferences(wide, child, content, candidate);
            if (preferred != null) {
                preferences.put(parent, preferred);
            }
        }
        return new PolicyEvaluation(set.number(), rejections, preferences, List.copyOf(denials));
    }

    // One method per step, as small as the rules they mirror: one large method is left interpreted by the JIT for
    // seconds ("out of virtual registers"), and the limit must be measured compiled.
    private List<Reason> rejections(NodeFacts child, ContentFacts content, Candidate candidate) {
        NodeFacts node = candidate.getNode();
        String parent = node.getId();
        List<Reason> rejected = null;
        if (child.isLightweight() && node.isLightweight()) {
            rejected = reject(
                    rejected,
                    LIGHTWEIGHT_PAIR,
                    "child " + child.getId() + " and candidate " + parent + " are both lightweight");
        }
        if (!candidate.isOnChildAccessList()) {
            rejected = reject(rejected, ACCESS_LIST, parent + " is not on the access list of " + child.getId());
        }
        if (!node.isCanForward()) {
            rejected = reject(rejected, CANNOT_FORWARD, parent + " cannot forward content");
        }
        if (node.isInQuietHours()) {
            rejected = reject(
                    rejected,
                    QUIET_HOURS,
                    parent + " does not serve during its quiet hours, " + node.getQuietHours() + " "
                            + node.getTimeZone());
        }
        if (!candidate.isChildDeviceServed()) {
            rejected = reject(
                    rejected,
                    DEVICE,
                    parent + " serves only " + String.join(", ", node.getServesDevices()) + " devices, and "
                            + child.getId() + " is a " + child.getDevice());
        }
        if (candidate.isCategoryRefused()) {
            rejected = reject(
                    rejected,
                    CATEGORY,
                    parent + " refuses to serve " + content.getCategory() + " content such as " + content.getId());
        }
        if (!node.isServesStrangers() && candidate.isStranger()) {
            rejected = reject(
                    rejected,
                    STRANGER,
                    parent + " serves only its owner's nodes and its affinity groups, and " + child.getId()
                            + " is in neither");
        }
        return rejected;
    }

    private List<Preference> preferences(RequestWide wide, NodeFacts child, ContentFacts content, Candidate candidate) {
        NodeFacts node = candidate.getNode();
        String parent = node.getId();
        List<Preference> preferred = null;
        String group = candidate.getSharedAffinityGroup();
        if (!group.isEmpty()) {
            preferred = prefer(
                    preferred, AFFINITY, 15, parent + " and " + child.getId() + " are both in affinity group " + group);
        }
        if (candidate.isSameIsp()) {
            preferred = prefer(
                    preferred,
                    SAME_ISP,
                    12,
                    parent + " is on the same ISP as " + child.getId() + " (" + node.getIsp() + ")");
        }
        if (candidate.isSameCountry()) {
            preferred = prefer(
                    preferred,
                    SAME_COUNTRY,
                    6,
                    parent + " is in the same country as " + child.getId() + " (" + node.getCountry() + ")");
            if (candidate.isSameRegion()) {
                preferred = prefer(
                        preferred,
                        SAME_REGION,
                        3,
                        parent + " is in the same region as " + child.getId() + " (" + node.getRegion() + ")");
            }
        }
        if (wide.congested() && candidate.isBetterParent()) {
            if (wide.premium()) {
                preferred = prefer(
                        preferred,
                        PREMIUM,
                        20,
                        "the swarm of " + content.getId() + " is congested: premium subscriber " + child.getId()
                                + " gets the better parent " + parent);
            }
            if (wide.free()) {
                preferred = prefer(
                        preferred,
                        FREE,
                        -20,
                        "the swarm of " + content.getId() + " is congested: the better parent " + parent
                                + " is kept for paying viewers, so free viewer " + child.getId()
                                + " takes another first");
            }
            if (wide.audio()) {
                preferred = prefer(
                        preferred,
                        AUDIO,
                        10,
                        "the swarm of " + content.getId() + " is congested and audio goes before video: " + parent
                                + " is a better parent");
            }
            if (wide.adSupported()) {
                preferred = prefer(
                        preferred,
                        AD_SUPPORTED,
                        5,
                        "the swarm of " + content.getId() + " is congested and ad-supported content goes"
                                + " before free content: " + parent + " is a better parent");
            }
        }
        if (wide.preferCdn() && node.isCdn()) {
            preferred = prefer(
                    preferred,
                    PREFER_CDN,
                    30,
                    "provider " + content.getProvider() + " prefers CDN sources for quality, and " + parent
                            + " is a CDN node");
        }
        if (wide.preferPeers() && node.isPeer()) {
            preferred = prefer(
                    preferred,
                    PREFER_PEERS,
                    10,
                    "provider " + content.getProvider() + " prefers peers to cut hosting cost, and " + parent
                            + " is a peer");
        }
        return preferred;
    }

    /** What the congestion and source rules need from the request, decided once per request. */
    private record RequestWide(
            boolean congested,
            boolean premium,
            boolean free,
            boolean audio,
            boolean adSupported,
            boolean preferCdn,
            boolean preferPeers) {

        static RequestWide of(AllocationRequest settled) {
            NodeFacts child = settled.getChild();
            ContentFacts content = settled.getContent();
            boolean congested = settled.isCongested();
            String sourcePreference = content.getSourcePreference();
            return new RequestWide(
                    congested,
                    congested && child.getSubscription().equals("PREMIUM"),
                    congested && child.getSubscription().equals("FREE"),
                    congested && content.isAudio(),
                    congested && content.getMonetization().equals("AD_SUPPORTED"),
                    sourcePreference.equals("CDN"),
                    sourcePreference.equals("PEERS"));
        }
    }

    private List<Reason> reject(List<Reason> reasons, String rule, String message) {
        List<Reason> list = reasons == null ? new ArrayList<>(2) : reasons;
        list.add(Reason.of(rules.get(rule), message));
        return list;
    }

    private List<Preference> prefer(List<Preference> given, String rule, int weight, String message) {
        List<Preference> list = given == null ? new ArrayList<>(4) : given;
        RuleMetadata metadata = rules.get(rule);
        list.add(new Preference(metadata.code(), metadata.name(), weight, message));
        return list;
    }
}
