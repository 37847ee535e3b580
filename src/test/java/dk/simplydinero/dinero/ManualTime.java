package dk.simplydinero.dinero;

import dk.simplydinero.sync.MovableClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Time that moves only when told: a nanosecond ticker for the rate limiter, the token source and the simulator's
 * rate window, a {@link Clock} on the same time line for the simulator's token expiry, and a limiter
 * {@link DineroRateLimiter.Sleeper sleeper} that moves the time by what it was asked to wait (and notes it)
 * instead of waiting. Tests then count requests and waits; none of them depends on how fast the machine is.
 */
final class ManualTime {

    static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    ManualTime() {
        clock.set(START);
    }

    long nanoTime() {
        return elapsed().toNanos();
    }

    void advance(Duration step) {
        clock.advance(step);
    }

    /** Time passed since the start. */
    Duration elapsed() {
        return Duration.between(START, clock.instant());
    }

    /** Every wait the limiter asked for, in order. */
    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /**
     * Moves the time by the wait asked for, then lets go of the limiter's lock for a moment (awaitNanos(0)), so
     * that other threads can release their permits as they would during a real wait.
     */
    DineroRateLimiter.Sleeper sleeper() {
        return (changed, waitNanos) -> {
            sleeps.add(Duration.ofNanos(waitNanos));
            clock.advance(Duration.ofNanos(waitNanos));
            changed.awaitNanos(0);
        };
    }

    DineroRateLimiter limiter(int permits, Duration window) {
        return new DineroRateLimiter(permits, window, this::nanoTime, sleeper());
    }

    /** A clock on this time line, starting at {@link #START}. */
    Clock clock() {
        return clock;
    }
}
