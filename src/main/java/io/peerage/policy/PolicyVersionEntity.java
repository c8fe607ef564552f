package io.peerage.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One stored version of the policy set. */
@Entity
@Table(name = "policy_version")
public class PolicyVersionEntity extends PanacheEntityBase {

    @Id
    public int number;

    @Column(nullable = false)
    public String checksum;

    @Column(nullable = false)
    public String author;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false, columnDefinition = "LONGTEXT")
    public String diff;
}
