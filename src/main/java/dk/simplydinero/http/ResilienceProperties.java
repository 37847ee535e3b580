package dk.simplydinero.http;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Settings {@code resilience.*}: how often a call that failed in a transient way (5xx, timeout, dropped
 * connection, an answer that is not the API's) is tried, how long to wait between tries, and when a side counts as
 * down (its circuit breaker opens and calls fail at once for a while). The same for both sides.
 */
@Validated
@ConfigurationProperties(prefix = "resilience")
public class ResilienceProperties {

    /** Tries of one idempotent call in all (reads, full-record updates); creates are tried once and then looked up. */
    @Min(1)
    @Max(20)
    private int maxAttempts = 5;

    /** Wait before the second try; doubled for each further try (with ±25 % jitter), up to max-backoff. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration initialBackoff = Duration.ofMillis(500);

    @NotNull
    @DurationMin(millis = 1)
    private Duration maxBackoff = Duration.ofSeconds(15);

    /** Share of failed calls (percent) among the last breaker-window calls that opens a side's circuit breaker. */
    @Min(1)
    @Max(100)
    private int breakerFailureRate = 50;

    /** How many of a side's latest calls the breaker judges (at least half of them must have been made). */
    @Min(2)
    @Max(10000)
    private int breakerWindow = 20;

    /** How long an open breaker refuses calls before it lets a few through to see whether the side is back. */
    @NotNull
    @DurationMin(millis = 1)
    private Duration breakerOpenFor = Duration.ofSeconds(30);

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public int getBreakerFailureRate() {
        return breakerFailureRate;
    }

    public void setBreakerFailureRate(int breakerFailureRate) {
        this.breakerFailureRate = breakerFailureRate;
    }

    public int getBreakerWindow() {
        return breakerWindow;
    }

    public void setBreakerWindow(int breakerWindow) {
        this.breakerWindow = breakerWindow;
    }

    public Duration getBreakerOpenFor() {
        return breakerOpenFor;
    }

    public void setBreakerOpenFor(Duration breakerOpenFor) {
        this.breakerOpenFor = breakerOpenFor;
    }
}
