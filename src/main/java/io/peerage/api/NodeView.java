package io.peerage.api;

import io.peerage.node.Capabilities;
import io.peerage.node.Classification.ClassificationReason;
import io.peerage.node.Device;
import io.peerage.node.HeartbeatReport;
import io.peerage.node.NetworkLocation;
import io.peerage.node.NodeKind;
import io.peerage.node.NodeProfile;
import io.peerage.node.NodeStatus;
import io.peerage.node.PeerType;
import io.peerage.node.ServingPreferences;
import io.peerage.node.Subscription;
import io.peerage.swarm.LiveNode;
import java.time.Instant;
import java.util.List;

/** A node as the API shows it: what it declared, how it was classified, and what it takes part in now. */
public record NodeView(
        String id,
        NodeKind kind,
        String implementation,
        Capabilities capabilities,
        NetworkLocation network,
        long uplinkKbps,
        long downlinkKbps,
        Subscription subscription,
        Device device,
        List<String> affinityGroups,
        String timeZone,
        String owner,
        Integer viewerAge,
        ServingPreferences serving,
        PeerType peerType,
        List<ClassificationReason> classificationReasons,
        NodeStatus status,
        boolean online,
        Long spareUplinkKbps,
        Long reservedUplinkKbps,
        List<HoldingView> holdings,
        List<AllocationView> allocationsAsChild,
        List<AllocationView> allocationsAsParent,
        Instant joinedAt,
        Instant leftAt,
        Instant lastHeartbeatAt,
        ReportView lastReport) {

    public record HoldingView(String contentId, double fraction) {}

    /**
     * The last report a heartbeat carried, and when; {@code notActedOn}: the node's reports that called for a repair
     * beyond {@code peerage.repair.max-per-interval}, kept but not acted on, since it came online.
     */
    public record ReportView(
            Instant reportedAt,
            Long uplinkUsedKbps,
            List<HeartbeatReport.Reception> receiving,
            Long sequence,
            List<HeartbeatReport.Sending> sending,
            Double cpuLoad,
            Long freeStorageMb,
            List<HeartbeatReport.Holding> holdings,
            long notActedOn) {

        static ReportView of(LiveNode.Reported reported, long notActedOn) {
            if (reported == null) {
                return null;
            }
            HeartbeatReport report = reported.report();
            return new ReportView(
                    reported.at(),
                    report.uplinkUsedKbps(),
                    report.receiving(),
                    report.sequence(),
                    report.sending(),
                    report.cpuLoad(),
                    report.freeStorageMb(),
                    report.holdings(),
                    notActedOn);
        }
    }

    static NodeView of(
            NodeProfile profile,
            io.peerage.node.Classification classification,
            NodeStatus status,
            Long spare,
            Long reserved,
            List<HoldingView> holdings,
            List<AllocationView> asChild,
            List<AllocationView> asParent,
            Instant joinedAt,
            Instant leftAt,
            Instant lastHeartbeatAt,
            ReportView lastReport) {
        return new NodeView(
                profile.id(),
                profile.kind(),
                profile.implementation(),
                profile.capabilities(),
                profile.network(),
                profile.uplinkKbps(),
                profile.downlinkKbps(),
                profile.subscription(),
                profile.device(),
                profile.affinityGroups(),
                profile.timeZone(),
                profile.owner(),
                profile.viewerAge(),
                profile.serving(),
                classification.peerType(),
                classification.reasons(),
                status,
                status == NodeStatus.ONLINE,
                spare,
                reserved,
                holdings,
                asChild,
                asParent,
                joinedAt,
                leftAt,
                lastHeartbeatAt,
                lastReport);
    }
}
