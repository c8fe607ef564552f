package io.peerage.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** That a version became active, when and by whom. The latest row is the active version. */
@Entity
@Table(name = "policy_activation")
public class PolicyActivationEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "version_number", nullable = false)
    public int versionNumber;

    @Column(name = "activated_at", nullable = false)
    public Instant activatedAt;

    @Column(name = "activated_by", nullable = false)
    public String activatedBy;
}
