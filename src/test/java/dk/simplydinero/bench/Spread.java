package dk.simplydinero.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several timings of the same thing on a shared machine: the median is the figure (one slow pass from another
 * build beside it does not move it), min and max are printed beside it so a reader sees the noise.
 */
record Spread(Duration median, Duration min, Duration max, int count) {

    static Spread of(List<Duration> times) {
        if (times.isEmpty()) {
            throw new IllegalArgumentException("no timings");
        }
        List<Duration> sorted = new ArrayList<>(times);
        sorted.sort(null);
        int mid = sorted.size() / 2;
        Duration median = sorted.size() % 2 == 1 ? sorted.get(mid)
                : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2);
        return new Spread(median, sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** E.g. {@code 2.10 ms (1.13–4.33 ms, 5 passes)}. */
    String millis(String what) {
        return String.format(Locale.ROOT, "%.2f ms (%.2f–%.2f ms, median of %d %s)", ms(median), ms(min), ms(max),
                count, what);
    }

    /** The range of this over {@code divisor}: the lowest quotient to the highest a pairing of their timings gives. */
    String ratioRange(Spread divisor) {
        return String.format(Locale.ROOT, "%.2f–%.2f", min.toNanos() / (double) divisor.max.toNanos(),
                max.toNanos() / (double) divisor.min.toNanos());
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
