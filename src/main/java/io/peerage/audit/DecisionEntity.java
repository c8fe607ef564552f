package io.peerage.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One decision's row: the explanation as a compressed JSON document and the columns auditors filter on. */
@Entity
@Table(name = "decision")
public class DecisionEntity extends PanacheEntityBase {

    @Id
    public String id;

    /** The allocation this decision is a revision of; the decision's own id for revision 0. */
    @Column(name = "allocation_id")
    public String allocationId;

    @Column(nullable = false)
    public int revision;

    /** What started this revision; null for revision 0, the allocation itself. */
    @Enumerated(EnumType.STRING)
    @Column(name = "repair_trigger")
    public RepairTrigger repairTrigger;

    @Column(name = "decided_at", nullable = false)
    public Instant decidedAt;

    @Column(name = "child_id", nullable = false)
    public String childId;

    @Column(name = "content_id", nullable = false)
    public String contentId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Outcome outcome;

    @Column(name = "policy_version", nullable = false)
    public int policyVersion;

    @Column(nullable = false)
    public String summary;

    @Column(name = "candidate_ids", nullable = false, columnDefinition = "LONGTEXT")
    public String candidateIds;

    @Column(nullable = false, columnDefinition = "LONGTEXT")
    public String rules;

    /** The explanation document, JSON compressed as {@code COMPRESS()} does: {@code UNCOMPRESS(explanation)} reads it. */
    @Column(nullable = false, columnDefinition = "LONGBLOB")
    public byte[] explanation;
}
