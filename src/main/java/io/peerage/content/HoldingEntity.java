package io.peerage.content;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** That a node holds a content, whole or (for files) a fraction of it. */
@Entity
@Table(name = "holding")
public class HoldingEntity extends PanacheEntityBase {

    @Embeddable
    public record Key(
            @Column(name = "node_id") String nodeId,
            @Column(name = "content_id") String contentId) implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public double fraction;

    @Column(nullable = false)
    public Instant since;

    public static List<HoldingEntity> ofOnlineNodes() {
        return list("select h from HoldingEntity h, io.peerage.node.NodeEntity n"
                + " where n.id = h.key.nodeId and n.leftAt is null");
    }

    public static long deleteOfNode(String nodeId) {
        return delete("key.nodeId", nodeId);
    }
}
