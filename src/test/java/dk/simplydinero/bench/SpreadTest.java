package dk.simplydinero.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Median and spread of repeated timings, worked out by hand. */
class SpreadTest {

    private static Duration ms(double millis) {
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    @Test
    void anOddCountTakesTheMiddleOneAndKeepsTheExtremes() {
        // sorted: 1.13, 1.80, 2.10, 2.58, 4.33
        Spread s = Spread.of(List.of(ms(2.58), ms(1.13), ms(4.33), ms(2.10), ms(1.80)));
        assertThat(s.median()).isEqualTo(ms(2.10));
        assertThat(s.min()).isEqualTo(ms(1.13));
        assertThat(s.max()).isEqualTo(ms(4.33));
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.millis("passes")).isEqualTo("2.10 ms (1.13–4.33 ms, median of 5 passes)");
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        Spread s = Spread.of(List.of(ms(4), ms(1), ms(3), ms(2)));
        assertThat(s.median()).isEqualTo(ms(2.5));
        assertThat(Spread.of(List.of(ms(7))).median()).isEqualTo(ms(7));
    }

    @Test
    void theRatioRangePairsTheExtremes() {
        Spread sync = Spread.of(List.of(ms(12), ms(10), ms(15)));
        Spread bare = Spread.of(List.of(ms(2), ms(2.5), ms(5)));
        // 10 / 5 = 2.00 at best, 15 / 2 = 7.50 at worst
        assertThat(sync.ratioRange(bare)).isEqualTo("2.00–7.50");
    }

    @Test
    void noTimingsIsAnError() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no timings");
    }
}
