package dk.simplydinero.sandbox.dinero;

import dk.simplydinero.sandbox.SimResponse;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Dinero's rate limit: at most {@code limit} accepted requests per organization in any {@code window}-long interval
 * (a sliding window; default 100 per minute), answered 429 with a text body. Time comes from a ticker a test can
 * move by hand, so limits are counted, not timed.
 */
final class DineroRateWindow {

    private final Map<String, ArrayDeque<Long>> hits = new ConcurrentHashMap<>();
    private volatile int limit = 100;
    private volatile Duration window = Duration.ofMinutes(1);
    private volatile LongSupplier ticker = System::nanoTime;
    private volatile boolean sendRetryAfter;
    private volatile String fixedRetryAfter;

    void limit(int requests, Duration window) {
        this.limit = requests;
        this.window = window;
    }

    void ticker(LongSupplier ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
    }

    void sendRetryAfter(boolean send) {
        this.sendRetryAfter = send;
    }

    void fixedRetryAfter(String value) {
        this.fixedRetryAfter = value;
    }

    /** Counts the request against the organization: null when it may pass, else the 429 to answer. */
    SimResponse admit(String organizationId) {
        ArrayDeque<Long> orgHits = hits.computeIfAbsent(organizationId, id -> new ArrayDeque<>());
        long now = ticker.getAsLong();
        long windowNanos = window.toNanos();
        while (!orgHits.isEmpty() && now - orgHits.peekFirst() >= windowNanos) {
            orgHits.pollFirst();
        }
        if (orgHits.size() >= limit) {
            long waitNanos = orgHits.isEmpty() ? windowNanos : orgHits.peekFirst() + windowNanos - now;
            SimResponse r = SimResponse.text(429, "text/plain; charset=utf-8",
                    "API calls quota exceeded! (maximum admitted " + limit + " per " + window.toSeconds() + "s)");
            if (fixedRetryAfter != null) {
                r = r.withHeader("Retry-After", fixedRetryAfter);
            } else if (sendRetryAfter) {
                r = r.withHeader("Retry-After", String.valueOf(Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L)));
            }
            return r;
        }
        orgHits.addLast(now);
        return null;
    }
}
