package io.peerage.allocation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/** An allocation that found parents; its parents are a JSON document. */
@Entity
@Table(name = "allocation")
public class AllocationEntity extends PanacheEntityBase {

    public static final String ACTIVE = "ACTIVE";
    public static final String ENDED = "ENDED";

    @Id
    public String id;

    @Column(name = "child_id", nullable = false)
    public String childId;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    @Column(nullable = false)
    public String status;

    @Column(name = "required_kbps", nullable = false)
    public long requiredKbps;

    @Column(name = "covered_kbps", nullable = false)
    public long coveredKbps;

    @Column(nullable = false, columnDefinition = "LONGTEXT")
    public String parents;

    @Column(name = "relaxed_policies", nullable = false, columnDefinition = "LONGTEXT")
    public String relaxedPolicies;

    @Column(nullable = false)
    public String summary;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** 0 when decided; each repair adds one. */
    @Column(nullable = false)
    public int revision;

    /** The most parents the request asked for; null on rows written before it was kept (read as the default). */
    @Column(name = "max_parents")
    public Integer maxParents;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "end_reason")
    public String endReason;

    public static List<AllocationEntity> active() {
        return list("status", ACTIVE);
    }
}
