package io.peerage.support;

import io.peerage.upkeep.DatabaseStatus;
import jakarta.inject.Singleton;

/** The database's status as the sweep sees it in tests: up unless a test says it is down. */
@Singleton
public class SwitchableDatabaseStatus implements DatabaseStatus {

    private volatile boolean up = true;

    @Override
    public boolean isUp() {
        return up;
    }

    public void set(boolean up) {
        this.up = up;
    }
}
