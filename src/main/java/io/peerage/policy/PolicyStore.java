package io.peerage.policy;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Policy versions and their activations in the database: the record that a restart or a second replica reads. */
@ApplicationScoped
public class PolicyStore {

    private final EntityManager entityManager;

    PolicyStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A version with when it was last activated, and by whom; null when it never was. */
    public record Activation(int versionNumber, Instant activatedAt, String activatedBy) {}

    /**
     * Stores a new version of the files and returns it, numbered after the latest, with its difference from the files
     * it replaces (the active version's, which after a rollback is not the latest).
     */
    public PolicyVersion save(
            List<PolicyFile> files, List<PolicyFile> previous, String checksum, String author, Instant now) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Integer latest = entityManager
                    .createQuery("select max(v.number) from PolicyVersionEntity v", Integer.class)
                    .getSingleResult();

            PolicyVersionEntity version = new PolicyVersionEntity();
            version.number = latest == null ? 1 : latest + 1;
            version.checksum = checksum;
            version.author = author;
            version.createdAt = now;
            version.diff = PolicyDiff.between(previous, files);
            entityManager.persist(version);
            for (PolicyFile file : files) {
                PolicyVersionFileEntity row = new PolicyVersionFileEntity();
                row.key = new PolicyVersionFileEntity.Key(version.number, file.name());
                row.sha256 = file.sha256();
                row.text = file.text();
                entityManager.persist(row);
            }
            return new PolicyVersion(version.number, checksum, author, now, files, version.diff);
        });
    }

    public void activate(int number, String by, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> {
            PolicyActivationEntity activation = new PolicyActivationEntity();
            activation.versionNumber = number;
            activation.activatedAt = at;
            activation.activatedBy = by;
            entityManager.persist(activation);
        });
    }

    /** Whether any stored version has exactly these files. */
    public boolean hasVersion(String checksum) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> entityManager
                                .createQuery(
                                        "select count(v) from PolicyVersionEntity v where v.checksum = ?1", Long.class)
                                .setParameter(1, checksum)
                                .getSingleResult()
                        > 0);
    }

    /** The newest stored version with exactly these files, if any. */
    public Optional<Integer> numberOf(String checksum) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> Optional.ofNullable(entityManager
                        .createQuery(
                                "select max(v.number) from PolicyVersionEntity v where v.checksum = ?1", Integer.class)
                        .setParameter(1, checksum)
                        .getSingleResult()));
    }

    /** Whether this version was ever activated (a version the activation guard refused is stored and never was). */
    public boolean wasActivated(int number) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> entityManager
                                .createQuery(
                                        "select count(a) from PolicyActivationEntity a where a.versionNumber = ?1",
                                        Long.class)
                                .setParameter(1, number)
                                .getSingleResult()
                        > 0);
    }

    /** The latest activation, which names the active version. */
    public Optional<Activation> latestActivation() {
        return QuarkusTransaction.joiningExisting()
                .call(() -> entityManager
                        .createQuery("from PolicyActivationEntity order by id desc", PolicyActivationEntity.class)
                        .setMaxResults(1)
                        .getResultStream()
                        .findFirst()
                        .map(a -> new Activation(a.versionNumber, a.activatedAt, a.activatedBy)));
    }

    public Optional<PolicyVersion> version(int number) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            PolicyVersionEntity version = entityManager.find(PolicyVersionEntity.class, number);
            if (version == null) {
                return Optional.empty();
            }
            List<PolicyFile> files = entityManager
                    .createQuery(
                            "from PolicyVersionFileEntity where key.versionNumber = ?1 order by key.name",
                            PolicyVersionFileEntity.class)
                    .setParameter(1, number)
                    .getResultStream()
                    .map(row -> new PolicyFile(row.key.name(), row.text, row.sha256))
                    .toList();
            return Optional.of(new PolicyVersion(
                    version.number, version.checksum, version.author, version.createdAt, files, version.diff));
        });
    }

    /** Versions newest first, without their files: {@code size} of them from the {@code offset}-th. */
    public List<PolicyVersionEntity> versions(int offset, int size) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> entityManager
                        .createQuery("from PolicyVersionEntity order by number desc", PolicyVersionEntity.class)
                        .setFirstResult(offset)
                        .setMaxResults(size)
                        .getResultList());
    }

    /** When each version was last activated. */
    public List<Activation> activations() {
        return QuarkusTransaction.joiningExisting()
                .call(() -> entityManager
                        .createQuery("from PolicyActivationEntity order by id desc", PolicyActivationEntity.class)
                        .getResultStream()
                        .map(a -> new Activation(a.versionNumber, a.activatedAt, a.activatedBy))
                        .toList());
    }
}
