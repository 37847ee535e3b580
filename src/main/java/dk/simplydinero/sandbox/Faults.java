package dk.simplydinero.sandbox;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault knobs of a simulator, for tests: a share of requests answered with a 5xx, a share answered slowly,
 * a share whose connection is dropped mid-answer. Draws come from a seeded random so a failing test can be
 * repeated. All knobs are off by default; the counters tell how many faults were really injected.
 */
public final class Faults {

    public enum Kind { SERVER_ERROR, SLOW, DROP }

    private volatile double serverErrorShare;
    private volatile double slowShare;
    private volatile Duration slowDelay = Duration.ofSeconds(2);
    private volatile double dropShare;
    private Random random = new Random(42);

    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong slowAnswers = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();

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

    public synchronized Faults seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    public Faults off() {
        serverErrorShare = 0;
        slowShare = 0;
        dropShare = 0;
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
