package io.peerage.simulation;

import io.peerage.content.Category;
import io.peerage.content.ContentKind;
import io.peerage.content.Media;
import io.peerage.content.Monetization;
import io.peerage.error.FieldError;
import io.peerage.node.Device;
import io.peerage.node.NatType;
import io.peerage.node.Subscription;
import io.peerage.upkeep.DeliveryWatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A swarm to simulate, as a business user writes it in JSON or YAML: one content, who watches or downloads it and
 * how they come and go, and the mixes that the nodes are drawn from. Every mix is a map from a value to its weight;
 * weights need not add up to 1.
 *
 * @param seed the seed when the caller gives none: the same scenario and seed always give the same report
 * @param durationSeconds how long the simulated time runs
 * @param viewers how many viewers (live) or downloaders (file) arrive at first
 * @param arrivalSeconds they arrive at random over this many seconds from the start
 * @param reaskSeconds how long a child takes to notice that its parent is gone and ask again
 * @param retrySeconds how long a child that got less than the rate waits before it asks again (doubling, at most 60)
 * @param maxParents parents per request; the service's default when absent
 * @param heartbeat how often nodes send heartbeats and how many they may miss; the service's defaults when absent
 * @param failures how failing viewers fail: crash only when absent
 */
public record Scenario(
        String name,
        String description,
        Long seed,
        Integer durationSeconds,
        ContentSpec content,
        Integer viewers,
        Integer arrivalSeconds,
        Churn churn,
        Double failuresPerViewerHour,
        Integer reaskSeconds,
        Integer retrySeconds,
        Integer maxParents,
        List<Isp> isps,
        Map<NatType, Double> natTypes,
        Map<String, Double> implementations,
        Map<Device, Double> devices,
        Map<Subscription, Double> subscriptions,
        Double cannotForwardShare,
        Uplink uplink,
        Cdn cdn,
        Seeds seeds,
        Heartbeat heartbeat,
        Failures failures) {

    /** A scenario with the service's heartbeats and viewers that fail only by crashing. */
    public Scenario(
            String name,
            String description,
            Long seed,
            Integer durationSeconds,
            ContentSpec content,
            Integer viewers,
            Integer arrivalSeconds,
            Churn churn,
            Double failuresPerViewerHour,
            Integer reaskSeconds,
            Integer retrySeconds,
            Integer maxParents,
            List<Isp> isps,
            Map<NatType, Double> natTypes,
            Map<String, Double> implementations,
            Map<Device, Double> devices,
            Map<Subscription, Double> subscriptions,
            Double cannotForwardShare,
            Uplink uplink,
            Cdn cdn,
            Seeds seeds) {
        this(
                name,
                description,
                seed,
                durationSeconds,
                content,
                viewers,
                arrivalSeconds,
                churn,
                failuresPerViewerHour,
                reaskSeconds,
                retrySeconds,
                maxParents,
                isps,
                natTypes,
                implementations,
                devices,
                subscriptions,
                cannotForwardShare,
                uplink,
                cdn,
                seeds,
                null,
                null);
    }

    /** The content of the scenario. For a file, {@code sizeMegabytes} and the download rate {@code bitrateKbps}. */
    public record ContentSpec(
            ContentKind kind,
            Media media,
            Integer bitrateKbps,
            Integer sizeMegabytes,
            String provider,
            Category category,
            Monetization monetization) {}

    /**
     * @param departuresPerViewerHour how often an online viewer leaves; a file downloader leaves after seeding instead
     * @param replaced whether a viewer who leaves or fails is replaced by a new one, keeping the audience's size
     * @param seedingSeconds a file downloader that completed stays this long on average as a holder, then leaves
     */
    public record Churn(Double departuresPerViewerHour, Boolean replaced, Integer seedingSeconds) {}

    /**
     * One network. {@code natTypes} here, when given, replaces the scenario's mix for this network: one corporate
     * NAT, say; {@code uplink} replaces the scenario's uplink (each of its two fields that is given): a DSL network
     * beside fibre ones, say.
     */
    public record Isp(
            String name,
            Long asn,
            String country,
            Double share,
            List<String> regions,
            Map<NatType, Double> natTypes,
            Uplink uplink) {

        /** A network with the scenario's uplink. */
        public Isp(
                String name,
                Long asn,
                String country,
                Double share,
                List<String> regions,
                Map<NatType, Double> natTypes) {
            this(name, asn, country, share, regions, natTypes, null);
        }
    }

    /** Uplink of a peer relative to the content's rate: log-normal with this median and spread (sigma). */
    public record Uplink(Double medianToBitrate, Double spread) {}

    /** The CDN nodes that hold the content from the start. */
    public record Cdn(Integer nodes, Long uplinkKbps, String country) {}

    /** Peers that hold a file from the start, drawn from the same mixes; none for a live event. */
    public record Seeds(Integer peers) {}

    /**
     * The heartbeat contract and what the service reads in reports, as its settings give them
     * ({@code peerage.heartbeat.*}, {@code peerage.repair.*}); each field absent takes the service's default.
     *
     * @param intervalSeconds every node sends a heartbeat this often (10)
     * @param missedIntervals a node silent this many intervals becomes SILENT and its children are repaired (3)
     * @param connectGraceSeconds from a pair's start, how long its reports do not count (10)
     * @param noDataReports reports in a row without new bytes from a parent that make NO_DATA (2)
     * @param congestionRatio the part of its share below which a parent is slow (0.8)
     * @param congestionReports slow reports in a row that make CONGESTION (3)
     */
    public record Heartbeat(
            Integer intervalSeconds,
            Integer missedIntervals,
            Integer connectGraceSeconds,
            Integer noDataReports,
            Double congestionRatio,
            Integer congestionReports) {

        public static final int DEFAULT_INTERVAL_SECONDS = 10;
        public static final int DEFAULT_MISSED_INTERVALS = 3;

        public int interval() {
            return intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        }

        public int missed() {
            return missedIntervals == null ? DEFAULT_MISSED_INTERVALS : missedIntervals;
        }

        /** The thresholds of the service's delivery watch, the defaults for what is absent. */
        public DeliveryWatch.Settings watch() {
            DeliveryWatch.Settings defaults = DeliveryWatch.Settings.DEFAULTS;
            return new DeliveryWatch.Settings(
                    connectGraceSeconds == null ? defaults.connectGrace() : Duration.ofSeconds(connectGraceSeconds),
                    noDataReports == null ? defaults.noDataReports() : noDataReports,
                    congestionRatio == null ? defaults.congestionRatio() : congestionRatio,
                    congestionReports == null ? defaults.congestionReports() : congestionReports);
        }
    }

    /**
     * How the viewers that fail ({@code failuresPerViewerHour}) fail.
     *
     * @param kinds weights of {@link FailureKind}s; CRASH only when absent
     * @param slowShare the share of its rate a SLOW parent still sends (0.5 by default)
     */
    public record Failures(Map<FailureKind, Double> kinds, Double slowShare) {

        public static final double DEFAULT_SLOW_SHARE = 0.5;

        public double slow() {
            return slowShare == null ? DEFAULT_SLOW_SHARE : slowShare;
        }
    }

    public Heartbeat heartbeatOrDefault() {
        return heartbeat == null ? new Heartbeat(null, null, null, null, null, null) : heartbeat;
    }

    public Failures failuresOrDefault() {
        return failures == null ? new Failures(null, null) : failures;
    }

    public static final int MAX_VIEWERS = 100_000;

    /** Everything wrong with the scenario, each with its field as a JSON path under {@code prefix}. */
    public List<FieldError> problems(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        Check check = new Check(prefix, errors);
        check.required("name", name);
        check.range("durationSeconds", durationSeconds, 1, 7 * 24 * 3600);
        check.range("viewers", viewers, 1, MAX_VIEWERS);
        check.optionalRange("arrivalSeconds", arrivalSeconds, 0, 7 * 24 * 3600);
        check.optionalRange("reaskSeconds", reaskSeconds, 0, 3600);
        check.optionalRange("retrySeconds", retrySeconds, 1, 3600);
        check.optionalRange("maxParents", maxParents, 1, 16);
        check.optionalFraction("cannotForwardShare", cannotForwardShare);
        check.optionalRate("failuresPerViewerHour", failuresPerViewerHour);
        if (content == null) {
            check.missing("content");
        } else {
            check.required("content.kind", content.kind());
            check.range("content.bitrateKbps", content.bitrateKbps(), 1, 1_000_000);
            if (content.kind() == ContentKind.FILE) {
                check.range("content.sizeMegabytes", content.sizeMegabytes(), 1, 1_000_000);
            }
        }
        if (churn != null) {
            check.optionalRate("churn.departuresPerViewerHour", churn.departuresPerViewerHour());
            check.optionalRange("churn.seedingSeconds", churn.seedingSeconds(), 0, 7 * 24 * 3600);
        }
        if (isps == null || isps.isEmpty()) {
            check.fail("isps", "must list at least one network");
        } else {
            for (int i = 0; i < isps.size(); i++) {
                Isp isp = isps.get(i);
                String at = "isps[" + i + "]";
                if (isp == null) {
                    check.fail(at, "must not be null");
                    continue;
                }
                check.required(at + ".name", isp.name());
                check.weight(at + ".share", isp.share());
                check.mix(at + ".natTypes", isp.natTypes(), true);
                if (isp.uplink() != null) {
                    check.uplink(at + ".uplink", isp.uplink(), true);
                }
            }
        }
        check.mix("natTypes", natTypes, true);
        check.mix("implementations", implementations, true);
        check.mix("devices", devices, true);
        check.mix("subscriptions", subscriptions, true);
        if (uplink == null) {
            check.missing("uplink");
        } else {
            check.uplink("uplink", uplink, false);
        }
        if (cdn != null) {
            check.optionalRange("cdn.nodes", cdn.nodes(), 0, 1000);
            if (cdn.uplinkKbps() != null && (cdn.uplinkKbps() < 1 || cdn.uplinkKbps() > 100_000_000)) {
                check.fail("cdn.uplinkKbps", "must be between 1 and 100000000, not " + cdn.uplinkKbps());
            }
        }
        if (seeds != null) {
            check.optionalRange("seeds.peers", seeds.peers(), 0, MAX_VIEWERS);
        }
        if (heartbeat != null) {
            check.optionalRange("heartbeat.intervalSeconds", heartbeat.intervalSeconds(), 1, 3600);
            check.optionalRange("heartbeat.missedIntervals", heartbeat.missedIntervals(), 1, 100);
            check.optionalRange("heartbeat.connectGraceSeconds", heartbeat.connectGraceSeconds(), 0, 3600);
            check.optionalRange("heartbeat.noDataReports", heartbeat.noDataReports(), 1, 100);
            check.optionalRange("heartbeat.congestionReports", heartbeat.congestionReports(), 1, 100);
            Double ratio = heartbeat.congestionRatio();
            if (ratio != null && !(ratio > 0 && ratio <= 1)) {
                check.fail("heartbeat.congestionRatio", "must be above 0 and at most 1, not " + ratio);
            }
        }
        if (failures != null) {
            check.mix("failures.kinds", failures.kinds(), true);
            check.optionalFraction("failures.slowShare", failures.slowShare());
        }
        return errors;
    }

    private record Check(String prefix, List<FieldError> errors) {

        void fail(String field, String message) {
            errors.add(new FieldError(prefix + field, message));
        }

        void missing(String field) {
            fail(field, "is required");
        }

        void required(String field, Object value) {
            if (value == null || (value instanceof String text && text.isBlank())) {
                missing(field);
            }
        }

        void range(String field, Integer value, int min, int max) {
            if (value == null) {
                missing(field);
            } else {
                optionalRange(field, value, min, max);
            }
        }

        void optionalRange(String field, Integer value, int min, int max) {
            if (value != null && (value < min || value > max)) {
                fail(field, "must be between " + min + " and " + max + ", not " + value);
            }
        }

        void optionalFraction(String field, Double value) {
            if (value != null && (value < 0 || value > 1 || value.isNaN())) {
                fail(field, "must be between 0 and 1, not " + value);
            }
        }

        void optionalRate(String field, Double value) {
            if (value != null && (value < 0 || value > 100 || value.isNaN())) {
                fail(field, "must be between 0 and 100 per hour, not " + value);
            }
        }

        void positive(String field, Double value, double max) {
            if (value == null) {
                missing(field);
            } else if (!(value > 0) || value > max) {
                fail(field, "must be above 0 and at most " + max + ", not " + value);
            }
        }

        /** An uplink; in a network's own, the median may be left to the scenario's. */
        void uplink(String field, Uplink uplink, boolean medianOptional) {
            if (!medianOptional || uplink.medianToBitrate() != null) {
                positive(field + ".medianToBitrate", uplink.medianToBitrate(), 100);
            }
            if (uplink.spread() != null && (uplink.spread() < 0 || uplink.spread() > 3)) {
                fail(field + ".spread", "must be between 0 and 3, not " + uplink.spread());
            }
        }

        void weight(String field, Double value) {
            if (value != null && (value < 0 || value.isNaN() || value.isInfinite())) {
                fail(field, "must be 0 or more, not " + value);
            }
        }

        void mix(String field, Map<?, Double> mix, boolean optional) {
            if (mix == null) {
                if (!optional) {
                    missing(field);
                }
                return;
            }
            double total = 0;
            for (Map.Entry<?, Double> entry : mix.entrySet()) {
                Double weight = entry.getValue();
                if (weight == null || weight < 0 || weight.isNaN() || weight.isInfinite()) {
                    fail(field + "." + entry.getKey(), "must be a weight of 0 or more, not " + weight);
                } else {
                    total += weight;
                }
            }
            if (!mix.isEmpty() && total <= 0) {
                fail(field, "needs at least one weight above 0");
            }
        }
    }
}
