package dk.simplydinero.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Fault knobs of a simulator, for tests: a share of requests answered with a 5xx, a share answered slowly,
 * a share whose connection is dropped mid-answer, and chosen requests answered {@link Malformed malformed}.
 * Draws come from a seeded random so a failing test can be repeated. All knobs are off by default; the counters
 * tell how many faults were really injected.
 */
public final class Faults {

    public enum Kind { SERVER_ERROR, SLOW, DROP }

    /** A malformed answer with HTTP 200, where the client expects JSON. */
    public enum Malformed {
        /** An HTML error page (a PHP fatal error, a proxy's page) instead of the answer; the work is not done. */
        HTML,
        /** The real answer cut off halfway (invalid JSON); the work is done. */
        TRUNCATED_JSON
    }

    /** Answer the requests {@code which} selects with {@code kind}, {@code left} more times (negative: until off). */
    private record MalformedRule(Predicate<SimRequest> which, Malformed kind, AtomicInteger left) {
    }

    private volatile double serverErrorShare;
    private volatile double slowShare;
    private volatile Duration slowDelay = Duration.ofSeconds(2);
    private volatile double dropShare;
    private Random random = new Random(42);

    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong slowAnswers = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();
    private final List<MalformedRule> malformed = new CopyOnWriteArrayList<>();
    private final AtomicLong malformedAnswers = new AtomicLong();

    /** Share (0..1) of requests answered with HTTP 500/502/503 before any work is done. */
    public Faults serverErrorShare(double share) {
        this.serverErrorShare = checkShare(share);
        return this;
    }

    /** Share (0..1) of requests answered only after {@code delay} (the work is done, then the answer waits). */
    public Faults slow(double share, Duration delay) {
        this.slowShare = checkShare(share);
        this.slowDelay = delay;
        return this;
    }

    /** Share (0..1) of requests whose connection is closed after the work is done, before the answer is complete. */
    public Faults dropShare(double share) {
        this.dropShare = checkShare(share);
        return this;
    }

    /**
     * Answers the requests {@code which} selects {@code kind} malformed, {@code times} times, or with a negative
     * {@code times} every time until {@link #off()}: more than a client's retries, so the record really fails.
     */
    public Faults malformedAnswers(Predicate<SimRequest> which, Malformed kind, int times) {
        malformed.add(new MalformedRule(which, kind, new AtomicInteger(times)));
        return this;
    }

    public synchronized Faults seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    public Faults off() {
        serverErrorShare = 0;
        slowShare = 0;
        dropShare = 0;
        malformed.clear();
        return this;
    }

    public Duration slowDelay() {
        return slowDelay;
    }

    /** Draws whether this request gets a fault before the work (5xx: nothing changes on the server). */
    synchronized boolean drawServerError() {
        if (serverErrorShare > 0 && random.nextDouble() < serverErrorShare) {
            serverErrors.incrementAndGet();
            return true;
        }
        return false;
    }

    synchronized boolean drawSlow() {
        if (slowShare > 0 && random.nextDouble() < slowShare) {
            slowAnswers.incrementAndGet();
            return true;
        }
        return false;
    }

    /** Draws whether the answer is lost after the work was done (the client cannot know whether it happened). */
    synchronized boolean drawDrop() {
        if (dropShare > 0 && random.nextDouble() < dropShare) {
            drops.incrementAndGet();
            return true;
        }
        return false;
    }

    /** How this request is to be answered malformed, or null: the first rule that selects it and has times left. */
    Malformed drawMalformed(SimRequest request) {
        for (MalformedRule rule : malformed) {
            if (rule.which().test(request)
                    && rule.left().getAndUpdate(left -> left > 0 ? left - 1 : left) != 0) {
                malformedAnswers.incrementAndGet();
                return rule.kind();
            }
        }
        return null;
    }

    public long malformedAnswers() {
        return malformedAnswers.get();
    }

    public long serverErrors() {
        return serverErrors.get();
    }

    public long slowAnswers() {
        return slowAnswers.get();
    }

    public long drops() {
        return drops.get();
    }

    private static double checkShare(double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("fault share must be between 0 and 1, was " + share);
        }
        return share;
    }
}
