package io.peerage.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the database for every {@code @QuarkusTest}, whatever its profile. */
@QuarkusTestResource(value = EmbeddedDatabaseResource.class, restrictToAnnotatedClass = false)
public final class AllTestsUseTheDatabase {
    private AllTestsUseTheDatabase() {}
}
