package io.peerage.swarm;

import io.peerage.error.ConflictException;
import io.peerage.error.NotFoundException;
import io.peerage.node.Classification;
import io.peerage.node.NodeEntity;
import io.peerage.node.NodeProfile;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live swarm in memory: who is online, who holds what, how much uplink is spare, and the current assignments. The
 * database is the record; this is what a request reads, rebuilt from the database on start.
 *
 * <p>Capacity is changed only under the node's monitor, so two concurrent requests can never reserve more uplink than
 * a node has.
 */
@ApplicationScoped
public class Swarm {

    private final Map<String, LiveNode> nodes = new ConcurrentHashMap<>();
    private final Map<String, HolderIndex> holders = new ConcurrentHashMap<>();
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> assignmentIdsByNode = new ConcurrentHashMap<>();
    private final Map<String, String> assignmentIdByChildAndContent = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> childrenByContent = new ConcurrentHashMap<>();
    // SILENT nodes: out of every index with nothing reserved, kept with their profile and holdings for their return.
    private final Map<String, LiveNode> silent = new ConcurrentHashMap<>();

    public Optional<LiveNode> node(String id) {
        return Optional.ofNullable(nodes.get(id));
    }

    /**
     * An online node, or why there is none: it left the swarm (a conflict: join it again) or it never joined (not
     * found).
     */
    public LiveNode online(String nodeId) {
        LiveNode node = nodes.get(nodeId);
        if (node != null) {
            return node;
        }
        if (silent.containsKey(nodeId)) {
            throw new ConflictException(
                    "node-silent",
                    "node '" + nodeId + "' is SILENT: its lease ran out without a heartbeat. Maybe send a heartbeat"
                            + " to come back online first?");
        }
        if (NodeEntity.findByIdOptional(nodeId).isPresent()) {
            throw new ConflictException(
                    "node-offline", "node '" + nodeId + "' has left the swarm. Maybe join it again first?");
        }
        throw new NotFoundException("node", nodeId);
    }

    public int size() {
        return nodes.size();
    }

    public Collection<LiveNode> nodes() {
        return nodes.values();
    }

    /**
     * Adds a node, or updates one that is online, keeping what it holds and what is reserved on it. A SILENT node
     * comes back online with the holdings it had.
     */
    public LiveNode join(NodeProfile profile, Classification classification, Instant now) {
        LiveNode dormant = silent.remove(profile.id());
        // A node that is leaving is departed before it is out of the map: joining again makes a new one.
        LiveNode node = nodes.compute(
                profile.id(),
                (id, existing) -> existing == null || existing.departed()
                        ? new LiveNode(profile, classification, now)
                        : existing);
        synchronized (node) {
            long spareBefore = node.spareKbps();
            HolderPlace placeBefore = node.place();
            node.update(profile, classification);
            if (placeBefore.equals(node.place()) || node.unindexed()) {
                reindex(node, spareBefore);
            } else {
                // Another network or kind: the entries change cells, which happens at a join, never at a reservation.
                for (String contentId : node.mutableHoldings().keySet()) {
                    HolderIndex index = index(contentId);
                    index.remove(node, placeBefore, spareBefore);
                    index.add(node, node.place(), node.spareKbps());
                }
            }
        }
        if (dormant != null) {
            dormant.holdings().forEach((contentId, fraction) -> hold(node, contentId, fraction));
        }
        return node;
    }

    /** A SILENT node, as it was when its lease ran out. */
    public Optional<LiveNode> silent(String id) {
        return Optional.ofNullable(silent.get(id));
    }

    /**
     * Takes a node out as {@link #leave} does, but keeps it, with its profile and holdings, as SILENT: {@link #join}
     * brings it back. Its assignments are the caller's to end or repair.
     */
    public Optional<LiveNode> silence(String id) {
        Optional<LiveNode> gone = leave(id);
        gone.ifPresent(node -> silent.put(id, node));
        return gone;
    }

    /** Puts back a node that was SILENT when the service stopped: out of every index until it comes back. */
    public LiveNode restoreSilent(NodeProfile profile, Classification classification, Instant joinedAt) {
        LiveNode node = new LiveNode(profile, classification, joinedAt);
        node.depart();
        synchronized (node) {
            node.unindex();
        }
        silent.put(profile.id(), node);
        return node;
    }

    /**
     * Takes a node out of the swarm and out of every holder index. From the first step on, no request reserves on it
     * or records it as a parent; its assignments are the caller's to end next (see {@link #assignToOnlineParents}).
     */
    public Optional<LiveNode> leave(String id) {
        silent.remove(id);
        LiveNode node = nodes.get(id);
        if (node == null) {
            return Optional.empty();
        }
        // Departed first: requests walking a holder index skip it from now on, before it is out of the map and while
        // a reservation in progress may still hold its monitor.
        node.depart();
        if (!nodes.remove(id, node)) {
            return Optional.empty();
        }
        synchronized (node) {
            // Entries are where the last reindex put them: at the rank of the spare uplink now.
            long spare = node.spareKbps();
            for (String contentId : node.mutableHoldings().keySet()) {
                index(contentId).remove(node, node.place(), spare);
            }
            node.unindex();
        }
        return Optional.of(node);
    }

    public void hold(LiveNode node, String contentId, double fraction) {
        synchronized (node) {
            if (node.mutableHoldings().put(contentId, fraction) == null && !node.departed()) {
                index(contentId).add(node, node.place(), node.spareKbps());
            }
        }
    }

    public boolean drop(LiveNode node, String contentId) {
        synchronized (node) {
            if (node.mutableHoldings().remove(contentId) == null) {
                return false;
            }
            index(contentId).remove(node, node.place(), node.spareKbps());
            return true;
        }
    }

    public int holderCount(String contentId) {
        HolderIndex index = holders.get(contentId);
        return index == null ? 0 : index.size();
    }

    /** The spare uplink of every online holder of a content, summed; read without walking the holders. */
    public long holdersSpareKbps(String contentId) {
        HolderIndex index = holders.get(contentId);
        return index == null ? 0 : index.totalSpareKbps();
    }

    /** How many children receive a content now: its live assignments. */
    public int liveChildren(String contentId) {
        AtomicInteger count = childrenByContent.get(contentId);
        return count == null ? 0 : Math.max(0, count.get());
    }

    /**
     * The online holders of a content, most spare uplink first, each once, whatever their network. Weakly consistent:
     * a holder whose spare uplink changes during the walk may be missed, so a walk that finds nobody should look again.
     */
    public Iterator<LiveNode> holdersBySpareUplink(String contentId) {
        HolderIndex index = holders.get(contentId);
        if (index == null) {
            return Collections.emptyIterator();
        }
        return HolderWalk.onlineOnce(index.mostSpareFirst(), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** The online holders of a content as one child sees them: by part of the network, closest first. */
    public HolderWalk holderWalk(String contentId, LiveNode child) {
        return new HolderWalk(holders.get(contentId), child);
    }

    /** Reserves uplink on a node if, and only if, that much is spare now. */
    public boolean reserve(LiveNode node, long kbps) {
        synchronized (node) {
            long spareBefore = node.spareKbps();
            if (spareBefore < kbps || node.departed()) {
                return false;
            }
            node.addReserved(kbps);
            reindex(node, spareBefore);
            return true;
        }
    }

    /** Puts back a reservation read from the database, even past what the node now declares. */
    public void restoreReservation(LiveNode node, long kbps) {
        synchronized (node) {
            long spareBefore = node.spareKbps();
            node.addReserved(kbps);
            reindex(node, spareBefore);
        }
    }

    /** Gives back uplink reserved on a node; a node that has left needs nothing back. */
    public void release(String nodeId, long kbps) {
        LiveNode node = nodes.get(nodeId);
        if (node == null) {
            return;
        }
        synchronized (node) {
            long spareBefore = node.spareKbps();
            node.addReserved(-Math.min(kbps, node.reservedKbps()));
            reindex(node, spareBefore);
        }
    }

    /** Records an assignment whose parents' uplink the caller has already reserved, as restored or simulated. */
    public void assign(Assignment assignment) {
        if (assignments.put(assignment.id(), assignment) == null) {
            childrenByContent
                    .computeIfAbsent(assignment.contentId(), id -> new AtomicInteger())
                    .incrementAndGet();
        }
        assignmentIdByChildAndContent.put(key(assignment.childId(), assignment.contentId()), assignment.id());
        link(assignment.childId(), assignment.id());
        assignment.parents().forEach(parent -> link(parent.nodeId(), assignment.id()));
    }

    /**
     * Records an assignment just decided, unless one of its parents started leaving after its uplink was reserved:
     * then nothing is recorded, the reservations are given back, and the answer is false. The assignment is linked to
     * its parents before they are checked, and a leaving node is marked departed before its assignments are looked
     * up, so either this sees the departure or the leave sees the assignment and ends it.
     */
    public boolean assignToOnlineParents(Assignment assignment) {
        String pair = key(assignment.childId(), assignment.contentId());
        String before = assignmentIdByChildAndContent.get(pair);
        assign(assignment);
        for (ParentShare parent : assignment.parents()) {
            LiveNode node = nodes.get(parent.nodeId());
            if (node == null || node.departed()) {
                unassign(assignment.id());
                // The allocation it would have replaced is still the live one of its child and content.
                if (before != null && assignments.containsKey(before)) {
                    assignmentIdByChildAndContent.putIfAbsent(pair, before);
                }
                return false;
            }
        }
        return true;
    }

    /**
     * Replaces a live assignment by its next revision: parents no longer in it are unlinked, new ones (whose uplink the
     * caller reserved) are linked. The uplink of the parents it drops stays reserved until the caller gives it back
     * ({@link #release}) once the revision is written, so that undoing it ({@code revise(revised, current)}) never has
     * to reserve again. False, changing nothing, when the assignment ended or was revised meanwhile.
     */
    public boolean revise(Assignment current, Assignment revised) {
        if (!assignments.replace(current.id(), current, revised)) {
            return false;
        }
        for (ParentShare parent : revised.parents()) {
            if (!current.hasParent(parent.nodeId())) {
                link(parent.nodeId(), revised.id());
            }
        }
        for (ParentShare parent : current.parents()) {
            if (!revised.hasParent(parent.nodeId())) {
                unlink(parent.nodeId(), current.id());
            }
        }
        return true;
    }

    /** Ends an assignment and frees the uplink reserved for it. Empty when it had already ended. */
    public Optional<Assignment> unassign(String assignmentId) {
        Optional<Assignment> detached = detach(assignmentId);
        detached.ifPresent(this::releaseReservations);
        return detached;
    }

    /**
     * Ends an assignment but keeps the uplink reserved for it, to be given back ({@link #releaseReservations}) once the
     * end is written, or the assignment put back ({@link #reattach}) if it cannot be. Empty when it had already ended.
     */
    public Optional<Assignment> detach(String assignmentId) {
        Assignment assignment = assignments.remove(assignmentId);
        if (assignment == null) {
            return Optional.empty();
        }
        assignmentIdByChildAndContent.remove(key(assignment.childId(), assignment.contentId()), assignmentId);
        AtomicInteger children = childrenByContent.get(assignment.contentId());
        if (children != null) {
            children.decrementAndGet();
        }
        unlink(assignment.childId(), assignmentId);
        for (ParentShare parent : assignment.parents()) {
            unlink(parent.nodeId(), assignmentId);
        }
        return Optional.of(assignment);
    }

    /** Puts back an assignment {@link #detach}ed whose end could not be written; its uplink is still reserved. */
    public void reattach(Assignment assignment) {
        assign(assignment);
    }

    /** Gives back the uplink a detached assignment kept on its parents. */
    public void releaseReservations(Assignment assignment) {
        for (ParentShare parent : assignment.parents()) {
            release(parent.nodeId(), parent.rateKbps());
        }
    }

    /**
     * Puts back a node whose leave could not be written: online again with its profile, holdings and reserved uplink
     * as they were when it left (a node that left keeps them: nothing reserves on it or gives back to it).
     */
    /** Puts back, online, a node whose silence could not be written. */
    public LiveNode returnAfterFailedSilence(LiveNode gone) {
        silent.remove(gone.id(), gone);
        return returnAfterFailedLeave(gone);
    }

    public LiveNode returnAfterFailedLeave(LiveNode gone) {
        LiveNode node = join(gone.profile(), gone.classification(), gone.joinedAt());
        if (node == gone) {
            return node;
        }
        long reserved;
        synchronized (gone) {
            reserved = gone.reservedKbps();
        }
        gone.holdings().forEach((contentId, fraction) -> hold(node, contentId, fraction));
        restoreReservation(node, reserved);
        if (gone.lastHeartbeatAt() != null) {
            node.heartbeat(
                    gone.lastHeartbeatAt(),
                    gone.lastReport() == null ? null : gone.lastReport().report());
        }
        return node;
    }

    public Optional<Assignment> assignment(String id) {
        return Optional.ofNullable(assignments.get(id));
    }

    public Optional<Assignment> assignmentOf(String childId, String contentId) {
        String id = assignmentIdByChildAndContent.get(key(childId, contentId));
        return id == null ? Optional.empty() : assignment(id);
    }

    /** Every live assignment, weakly consistent under concurrent change. */
    public Collection<Assignment> assignments() {
        return assignments.values();
    }

    public int assignmentCount() {
        return assignments.size();
    }

    /** Assignments where the node is the child. */
    public List<Assignment> assignmentsAsChild(String nodeId) {
        return assignmentsOf(nodeId).stream()
                .filter(a -> a.childId().equals(nodeId))
                .toList();
    }

    /** Assignments where the node is one of the parents. */
    public List<Assignment> assignmentsAsParent(String nodeId) {
        return assignmentsOf(nodeId).stream().filter(a -> a.hasParent(nodeId)).toList();
    }

    /**
     * The nodes that receive the content, directly or through others, from {@code nodeId}: none of them may become its
     * parent, that would close a loop. Walked down from the node once per request, so a node that serves nobody (most
     * children) costs one lookup, however many candidates there are.
     */
    public Set<String> downstreamOf(String nodeId, String contentId) {
        Set<String> downstream = new HashSet<>();
        Deque<String> toVisit = new ArrayDeque<>();
        toVisit.push(nodeId);
        while (!toVisit.isEmpty()) {
            String current = toVisit.pop();
            for (Assignment assignment : assignmentsAsParent(current)) {
                if (assignment.contentId().equals(contentId) && downstream.add(assignment.childId())) {
                    toVisit.push(assignment.childId());
                }
            }
        }
        return downstream;
    }

    /** Forgets everything; used when rebuilding from the database. */
    public void clear() {
        nodes.clear();
        holders.clear();
        assignments.clear();
        assignmentIdsByNode.clear();
        assignmentIdByChildAndContent.clear();
        childrenByContent.clear();
        silent.clear();
    }

    private List<Assignment> assignmentsOf(String nodeId) {
        Set<String> ids = assignmentIdsByNode.get(nodeId);
        if (ids == null) {
            return List.of();
        }
        List<Assignment> found = new ArrayList<>();
        for (String id : ids) {
            Assignment assignment = assignments.get(id);
            if (assignment != null) {
                found.add(assignment);
            }
        }
        return found;
    }

    private void reindex(LiveNode node, long spareBefore) {
        if (node.unindexed()) {
            // A request that found the node before it left may still reserve or release on it.
            return;
        }
        long spareAfter = node.spareKbps();
        HolderPlace place = node.place();
        for (String contentId : node.mutableHoldings().keySet()) {
            index(contentId).move(node, place, spareBefore, spareAfter);
        }
    }

    private HolderIndex index(String contentId) {
        return holders.computeIfAbsent(contentId, id -> new HolderIndex());
    }

    private void link(String nodeId, String assignmentId) {
        assignmentIdsByNode
                .computeIfAbsent(nodeId, id -> ConcurrentHashMap.newKeySet())
                .add(assignmentId);
    }

    private void unlink(String nodeId, String assignmentId) {
        assignmentIdsByNode.computeIfPresent(nodeId, (id, ids) -> {
            ids.remove(assignmentId);
            return ids.isEmpty() ? null : ids;
        });
    }

    private static String key(String childId, String contentId) {
        return childId + '\u0000' + contentId;
    }
}
