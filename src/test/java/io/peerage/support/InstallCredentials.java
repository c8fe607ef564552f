package io.peerage.support;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/** Installs the {@link Credentials} filter before every {@code @QuarkusTest} test (registered as a service). */
public class InstallCredentials implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(Credentials.class::isInstance)) {
            RestAssured.filters(new Credentials());
        }
    }
}
