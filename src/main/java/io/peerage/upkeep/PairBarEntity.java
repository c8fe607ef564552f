package io.peerage.upkeep;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** A barred pair as stored: a restart keeps it until {@code barredUntil}. */
@Entity
@Table(name = "pair_bar")
public class PairBarEntity extends PanacheEntityBase {

    @Embeddable
    public record Key(
            @Column(name = "child_id") String childId,
            @Column(name = "parent_id") String parentId) implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(name = "barred_until", nullable = false)
    public Instant barredUntil;

    @Column(name = "allocation_id", nullable = false)
    public String allocationId;

    @Column(length = 500)
    public String detail;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
