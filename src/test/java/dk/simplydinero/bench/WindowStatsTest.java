package dk.simplydinero.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Rate adherence from request times: the most in any window and the mean rate, worked out by hand. */
class WindowStatsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void mostInAnyWindowSlidesOverTheRequests() {
        // given out of order; the window starting at 100 ms holds 100, 200, 1000, 1050 (1100 is its end, excluded)
        List<Instant> times = List.of(at(1000), at(0), at(200), at(100), at(1050), at(1100));
        assertThat(WindowStats.maxInAnyWindow(times, Duration.ofSeconds(1))).isEqualTo(4);
        assertThat(WindowStats.maxInAnyWindow(times, Duration.ofMillis(50))).isEqualTo(1);
        assertThat(WindowStats.maxInAnyWindow(List.of(), Duration.ofSeconds(1))).isZero();
    }

    @Test
    void meanIsTheIntervalsOverTheSpan() {
        // 5 intervals over 1.1 s: 4.545… per second
        List<Instant> times = List.of(at(1000), at(0), at(200), at(100), at(1050), at(1100));
        assertThat(WindowStats.meanPerWindow(times, Duration.ofSeconds(1))).isCloseTo(4.5454, within(0.0001));
        // 91 requests 20 ms apart: 90 intervals in 1.8 s, i.e. 100 per 2 s
        List<Instant> even = java.util.stream.IntStream.range(0, 91).mapToObj(i -> at(i * 20L)).toList();
        assertThat(WindowStats.meanPerWindow(even, Duration.ofSeconds(2))).isCloseTo(100.0, within(1e-9));
        assertThat(WindowStats.meanPerWindow(List.of(at(5)), Duration.ofSeconds(1))).isZero();
    }
}
