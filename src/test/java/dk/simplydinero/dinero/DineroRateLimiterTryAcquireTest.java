package dk.simplydinero.dinero;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DineroRateLimiter#tryAcquire}: a permit when one is free, null (never a wait) when the budget is used. */
class DineroRateLimiterTryAcquireTest {

    @Test
    void givesAPermitWhileTheBudgetLastsAndNullAfter() {
        DineroRateLimiter limiter = new DineroRateLimiter(2, Duration.ofHours(1));

        DineroRateLimiter.Permit first = limiter.tryAcquire();
        DineroRateLimiter.Permit second = limiter.tryAcquire();
        first.release();

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(limiter.tryAcquire()).as("both slots taken within the window").isNull();
        second.release();
        assertThat(limiter.tryAcquire()).as("a released slot stays taken for one window").isNull();
    }

    @Test
    void givesNoPermitDuringAPauseAfterA429() {
        DineroRateLimiter limiter = new DineroRateLimiter(5, Duration.ofHours(1));
        limiter.pause(Duration.ofHours(1));

        assertThat(limiter.tryAcquire()).isNull();
    }

    /** {@link DineroRateLimiter#used}, the budget gauge: requests in flight or answered less than a window ago. */
    @Test
    void usedCountsTheRequestsInTheWindowUntilTheyLeaveIt() {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        DineroRateLimiter limiter = new DineroRateLimiter(5, Duration.ofSeconds(60), nanos::get, (changed, wait) -> {
            throw new AssertionError("no wait expected");
        });
        DineroRateLimiter.Permit answered = limiter.tryAcquire();
        DineroRateLimiter.Permit inFlight = limiter.tryAcquire();
        answered.release();
        assertThat(limiter.used()).isEqualTo(2);

        nanos.set(Duration.ofSeconds(60).toNanos());

        assertThat(limiter.used()).as("the answered one left the window, the one in flight holds its slot").isEqualTo(1);
        inFlight.release();
        assertThat(limiter.used()).isEqualTo(1);
    }
}
