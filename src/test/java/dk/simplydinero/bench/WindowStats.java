package dk.simplydinero.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Request times (as a simulator logged them) against a budget per window: the most requests in any window-long
 * interval (a sliding window, the strictest reading of "100 per minute") and the mean rate over the whole run.
 */
final class WindowStats {

    private WindowStats() {
    }

    /** The most times within any interval {@code [t, t + window)} that starts at one of them. */
    static int maxInAnyWindow(Collection<Instant> times, Duration window) {
        List<Instant> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int max = 0;
        int end = 0;
        for (int start = 0; start < sorted.size(); start++) {
            Instant limit = sorted.get(start).plus(window);
            while (end < sorted.size() && sorted.get(end).isBefore(limit)) {
                end++;
            }
            max = Math.max(max, end - start);
        }
        return max;
    }

    /**
     * Requests per window between the first and the last: (n − 1) intervals over the span, so n requests sent evenly
     * at r per window give exactly r. Zero for fewer than two requests.
     */
    static double meanPerWindow(Collection<Instant> times, Duration window) {
        if (times.size() < 2) {
            return 0;
        }
        Instant first = times.stream().min(Instant::compareTo).orElseThrow();
        Instant last = times.stream().max(Instant::compareTo).orElseThrow();
        long spanNanos = Duration.between(first, last).toNanos();
        if (spanNanos == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return (times.size() - 1) * (double) window.toNanos() / spanNanos;
    }
}
