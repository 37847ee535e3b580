package dk.simplydinero.http;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Retries with judgement and a circuit breaker for one side (Resilience4j): a call is tried again after a
 * transient failure only (as the side's client defines it: 5xx, timeout, dropped connection, an answer that is
 * not the API's), with exponential back-off and jitter, within {@code resilience.max-attempts}; a permanent
 * answer (validation error, no access) ends the call at once. When half of the side's latest calls failed in a
 * transient way (after their tries), the side is left alone for {@code resilience.breaker-open-for}
 * and calls fail at once with {@link SideUnavailableException} instead of hammering an API that is down.
 * The breaker counts calls (each after its tries), not tries.
 */
public final class SideGuard {

    private static final Logger log = LoggerFactory.getLogger(SideGuard.class);
    private static final double BACKOFF_MULTIPLIER = 2.0;
    private static final double JITTER = 0.25;

    private final String side;
    private final String sideName;
    private final ResilienceProperties settings;
    private final Predicate<Throwable> transientFailure;
    private final CircuitBreaker breaker;
    private final Map<Integer, Retry> retries = new ConcurrentHashMap<>();
    private volatile String lastFailure = "";
    /** Calls waiting for the verdict of a half-open breaker's trial calls ({@link #awaitTrialCalls}). */
    private final Object trial = new Object();

    /**
     * @param side             {@code crm} or {@code dinero}
     * @param sideName         the side as a user names it ("Dinero", "Simply CRM")
     * @param transientFailure which failures may go away when tried again (never a permanent refusal)
     */
    public SideGuard(String side, String sideName, ResilienceProperties settings, Predicate<Throwable> transientFailure) {
        this.side = side;
        this.sideName = sideName;
        this.settings = settings;
        this.transientFailure = transientFailure;
        this.breaker = CircuitBreaker.of(side, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.getBreakerWindow())
                .minimumNumberOfCalls(Math.max(2, settings.getBreakerWindow() / 2))
                .failureRateThreshold(settings.getBreakerFailureRate())
                .waitDurationInOpenState(settings.getBreakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(transientFailure)
                // Only failures count: a call that waited out 429s or slow answers and then succeeded is no sign of a
                // side that is down (Resilience4j would otherwise open on 60-second calls).
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .build());
        breaker.getEventPublisher()
                .onError(e -> lastFailure = String.valueOf(e.getThrowable().getMessage()))
                .onStateTransition(e -> {
                    log.warn("{} circuit breaker {} (last failure: {})", sideName, e.getStateTransition(),
                            lastFailure);
                    synchronized (trial) {
                        trial.notifyAll();
                    }
                });
    }

    /** A guard with the default settings, for clients built without Spring. */
    public static SideGuard withDefaults(String side, String sideName, Predicate<Throwable> transientFailure) {
        return new SideGuard(side, sideName, new ResilienceProperties(), transientFailure);
    }

    /** A new guard (with a fresh breaker) like this one but another wait before the second try: tests shorten it. */
    public SideGuard withInitialBackoff(Duration backoff) {
        ResilienceProperties copy = copy();
        copy.setInitialBackoff(backoff);
        copy.setMaxBackoff(backoff.multipliedBy(16));
        return new SideGuard(side, sideName, copy, transientFailure);
    }

    public int maxAttempts() {
        return settings.getMaxAttempts();
    }

    /** Calls {@code attempt} up to {@link #maxAttempts()} times while it fails in a transient way. */
    public <T> T call(Supplier<T> attempt) {
        return call(settings.getMaxAttempts(), attempt);
    }

    /** Calls {@code attempt} once: for what must not be repeated blindly (a create whose answer may be lost). */
    public <T> T once(Supplier<T> attempt) {
        return call(1, attempt);
    }

    /**
     * Calls {@code attempt} up to {@code attempts} times while it fails in a transient way. The breaker judges the
     * call as a whole, after its tries: one record whose answers are always garbled is one failed call, not a side
     * that is down.
     */
    public <T> T call(int attempts, Supplier<T> attempt) {
        while (true) {
            try {
                return breaker.executeSupplier(() -> retry(Math.max(1, attempts)).executeSupplier(attempt));
            } catch (CallNotPermittedException open) {
                if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) {
                    throw unavailable();
                }
                awaitTrialCalls();
            }
        }
    }

    /**
     * The breaker is half open and its trial calls are all taken: a run writing a few records at once made them.
     * This call waits for their verdict (closed: it goes ahead; open: the side is down) instead of counting as a
     * side that is down, as it would not have one record after the other.
     */
    private void awaitTrialCalls() {
        synchronized (trial) {
            if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
                try {
                    trial.wait(50); // woken by the verdict; the timeout covers one given before this wait began
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw unavailable();
                }
            }
        }
    }

    /**
     * A create made safe to repeat: a transient failure leaves it uncertain (the record may exist: the answer was
     * lost after the work was done), so every further try first {@code find}s it and creates only when it is not
     * there. Tried up to {@link #maxAttempts()} times with back-off.
     *
     * @param findFirst look before the first try too (an earlier create of this record was left uncertain, e.g. by
     *                  a crash)
     */
    public <T> T createOrFind(Supplier<Optional<T>> find, Supplier<T> create, boolean findFirst) {
        Retry.Context<T> context = retry(settings.getMaxAttempts()).context();
        boolean look = findFirst;
        while (true) {
            try {
                Optional<T> found = look ? find.get() : Optional.empty();
                T result = found.isPresent() ? found.get() : create.get();
                context.onComplete();
                return result;
            } catch (RuntimeException e) {
                context.onRuntimeError(e); // rethrows a permanent failure or the last one; else waits
                look = true;
            }
        }
    }

    private Retry retry(int attempts) {
        Retry retry = retries.computeIfAbsent(attempts, n -> {
            Retry r = Retry.of(side + "-" + n, RetryConfig.custom()
                    .maxAttempts(n)
                    .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.getInitialBackoff(),
                            BACKOFF_MULTIPLIER, JITTER, settings.getMaxBackoff()))
                    .retryOnException(transientFailure)
                    .build());
            r.getEventPublisher().onRetry(e -> {
                log.info("{} call failed ({}); try {} of {} in {} ms", sideName, e.getLastThrowable().getMessage(),
                        e.getNumberOfRetryAttempts() + 1, n, e.getWaitInterval().toMillis());
            });
            return r;
        });
        return retry;
    }

    private SideUnavailableException unavailable() {
        CircuitBreaker.Metrics m = breaker.getMetrics();
        return new SideUnavailableException(side, sideName + " is unavailable: " + m.getNumberOfFailedCalls()
                + " of its last " + (m.getNumberOfFailedCalls() + m.getNumberOfSuccessfulCalls())
                + " calls failed (last: " + lastFailure + "); not called for "
                + settings.getBreakerOpenFor().toSeconds() + " s, the next run tries again");
    }

    private ResilienceProperties copy() {
        ResilienceProperties c = new ResilienceProperties();
        c.setMaxAttempts(settings.getMaxAttempts());
        c.setInitialBackoff(settings.getInitialBackoff());
        c.setMaxBackoff(settings.getMaxBackoff());
        c.setBreakerFailureRate(settings.getBreakerFailureRate());
        c.setBreakerWindow(settings.getBreakerWindow());
        c.setBreakerOpenFor(settings.getBreakerOpenFor());
        return c;
    }
}
