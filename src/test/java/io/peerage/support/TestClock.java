package io.peerage.support;

import io.quarkus.test.Mock;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The clock of every test: it stands still until a test moves it, so no test sleeps to see time pass. */
@Mock
@Singleton
public class TestClock extends Clock {

    private volatile Instant now = Instant.parse("2026-11-25T12:00:00Z");
    private volatile Duration eachRead = Duration.ZERO;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        if (eachRead.isZero()) {
            return now;
        }
        synchronized (this) {
            Instant read = now;
            now = now.plus(eachRead);
            return read;
        }
    }

    /** Time passes by {@code step} at every read, as it does for slow code, until {@link #standStill()}. */
    public void advanceOnEachRead(Duration step) {
        eachRead = step;
    }

    /** Back to a clock that moves only when a test moves it. */
    public void standStill() {
        eachRead = Duration.ZERO;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }
}
