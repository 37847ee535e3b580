package dk.simplydinero.dinero;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Request budget of one Dinero organization, shared by every thread and every client of that organization
 * ({@link #forOrganization}): never more than {@code permits} requests within any {@code window}-long interval.
 *
 * <p><b>Why a sliding window and not a fixed-window limiter</b> (such as Resilience4j's RateLimiter, which
 * refreshes N permits at every period boundary): a fixed window allows N requests at the end of one period
 * and N more at the start of the next, i.e. 2N within one window-long interval that straddles the edge. Dinero
 * counts "100 per minute" and we must assume the strictest reading (any 60 s interval), so a fixed window
 * would earn 429s. This limiter keeps a log of the last {@code permits} requests instead.
 *
 * <p><b>Which time counts</b>: the server sees a request at some moment between our send and the end of its
 * answer, so a request occupies its slot from the moment it is sent until {@code window} after its answer came
 * back (or failed). Then any interval of {@code window} length as the server sees it contains at most
 * {@code permits} requests, whatever the network delays.
 *
 * <p>A 429 from Dinero (someone else used the budget too) {@link #pause pauses} every caller.
 *
 * <p>Time comes from a nanosecond ticker and waits go through a {@link Sleeper}, both {@code System.nanoTime} and
 * the lock's condition in production; tests inject a ticker they move by hand, so they count instead of timing.
 */
public final class DineroRateLimiter {

    private static final Map<String, DineroRateLimiter> REGISTRY = new ConcurrentHashMap<>();

    private final int permits;
    private final Duration window;
    private final long windowNanos;
    private final LongSupplier ticker;
    private final Sleeper sleeper;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private final List<Permit> log = new ArrayList<>();
    private long pausedUntil;
    private boolean paused;

    /**
     * How a caller waits: for up to {@code nanos} of the ticker's time, or less when {@code changed} is signalled
     * (a permit was released, a pause set). Called with the limiter's lock held; it must let go of it while waiting
     * (as {@link Condition#awaitNanos} does) so that answers can release their permits.
     */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Condition changed, long nanos) throws InterruptedException;
    }

    public DineroRateLimiter(int permits, Duration window) {
        this(permits, window, System::nanoTime, Condition::awaitNanos);
    }

    /** With the time source {@code ticker} (nanoseconds, like {@link System#nanoTime}) and the waits {@code sleeper}. */
    public DineroRateLimiter(int permits, Duration window, LongSupplier ticker, Sleeper sleeper) {
        if (permits < 1 || window == null || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("rate limit needs at least 1 request per positive window");
        }
        this.permits = permits;
        this.window = window;
        this.windowNanos = window.toNanos();
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The limiter shared by everything in this JVM calling organization {@code organizationId}. A request for
     * a different budget replaces it (the settings changed).
     */
    public static DineroRateLimiter forOrganization(String organizationId, int permits, Duration window) {
        return REGISTRY.compute(organizationId, (id, old) ->
                old != null && old.permits == permits && old.window.equals(window) ? old : new DineroRateLimiter(permits, window));
    }

    public int permits() {
        return permits;
    }

    public Duration window() {
        return window;
    }

    /** Requests within the current window: in flight, or answered less than a window ago (the budget used now). */
    public int used() {
        lock.lock();
        try {
            dropExpired(ticker.getAsLong());
            return log.size();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a request may be sent; the caller must {@link Permit#release() release} the permit when the answer came. */
    public Permit acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = ticker.getAsLong();
                Permit p = takeIfFree(now);
                if (p != null) {
                    return p;
                }
                sleeper.sleep(changed, Math.max(paused ? pausedUntil - now : untilOneIsFree(now), 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A permit if one is free now, else null (the budget is used up or a 429 pause runs): for a caller that must not
     * wait behind the sync, such as the connection check of {@code /api/status}. Release it like {@link #acquire}'s.
     */
    public Permit tryAcquire() {
        lock.lock();
        try {
            return takeIfFree(ticker.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: a permit if no pause runs and the window has room at {@code now}, else null. */
    private Permit takeIfFree(long now) {
        if (paused && now - pausedUntil < 0) {
            return null;
        }
        paused = false;
        dropExpired(now);
        if (log.size() >= permits) {
            return null;
        }
        Permit p = new Permit();
        log.add(p);
        return p;
    }

    /** With the lock held: forgets the requests answered a window or more before {@code now}. */
    private void dropExpired(long now) {
        log.removeIf(p -> !p.inFlight && now - p.doneAt >= windowNanos);
    }

    /** With the lock held and the window full: how long until the oldest finished request leaves it. */
    private long untilOneIsFree(long now) {
        long wait = windowNanos;
        for (Permit p : log) {
            if (!p.inFlight) {
                wait = Math.min(wait, p.doneAt + windowNanos - now);
            }
        }
        return wait;
    }

    /** No request is sent by anyone before {@code delay} has passed (after a 429). */
    public void pause(Duration delay) {
        lock.lock();
        try {
            long until = ticker.getAsLong() + delay.toNanos();
            if (!paused || until - pausedUntil > 0) {
                pausedUntil = until;
                paused = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "DineroRateLimiter[" + permits + " per " + window + "]";
    }

    /** One request's slot in the window. */
    public final class Permit implements AutoCloseable {
        private boolean inFlight = true;
        private long doneAt;

        private Permit() {
        }

        /** The answer came (or the call failed): the slot is freed one window from now. Idempotent. */
        public void release() {
            lock.lock();
            try {
                if (inFlight) {
                    inFlight = false;
                    doneAt = ticker.getAsLong();
                    changed.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
