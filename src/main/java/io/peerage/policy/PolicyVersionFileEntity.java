package io.peerage.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One file of a stored policy version, as it was. */
@Entity
@Table(name = "policy_version_file")
public class PolicyVersionFileEntity extends PanacheEntityBase {

    @Embeddable
    public record Key(
            @Column(name = "version_number") int versionNumber,
            @Column(name = "name") String name) implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false, columnDefinition = "LONGTEXT")
    public String text;
}
