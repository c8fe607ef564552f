package io.peerage.node;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** A node's row: its declared profile and classification as JSON documents, when it joined and left, and whether it is SILENT. */
@Entity
@Table(name = "node")
public class NodeEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false, columnDefinition = "LONGTEXT")
    public String profile;

    @Column(name = "peer_type", nullable = false)
    public String peerType;

    @Column(nullable = false, columnDefinition = "LONGTEXT")
    public String classification;

    @Column(name = "joined_at", nullable = false)
    public Instant joinedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "left_at")
    public Instant leftAt;

    /** Set while the node is SILENT: its lease ran out and it has not sent a heartbeat since. */
    @Column(name = "silent_at")
    public Instant silentAt;

    public NodeStatus status() {
        return leftAt != null ? NodeStatus.LEFT : silentAt != null ? NodeStatus.SILENT : NodeStatus.ONLINE;
    }

    public static List<NodeEntity> online() {
        return list("leftAt is null");
    }
}
