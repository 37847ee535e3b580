package dk.simplydinero.dinero;

import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;

import static dk.simplydinero.dinero.DineroFixtures.apiRequests;
import static dk.simplydinero.dinero.DineroFixtures.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared request budget and the 429 handling, on {@link ManualTime}: the limiter, the token source and the
 * simulator's rate window all read one ticker that only the limiter's waits move, so the tests count requests and
 * waits instead of timing them.
 */
class DineroRateLimitTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private final ManualTime time = new ManualTime();
    private DineroSimulator sim;
    private String guid;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator().rateTicker(time::nanoTime);
        guid = sim.putContact(DineroFixtures.contact("Ærø Færgeservice A/S"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private DineroClient client(int permits, Duration window) {
        return DineroFixtures.client(sim, time.limiter(permits, window));
    }

    @Test
    void serverLimitBelowClientBudgetIsWaitedOutWithRetryAfter() {
        sim.rateLimit(10, WINDOW).sendRetryAfter(true);
        DineroClient client = client(100, WINDOW);

        for (int i = 0; i < 25; i++) {
            assertThat(client.getContact(guid)).containsEntry("Name", "Ærø Færgeservice A/S");
        }

        List<RequestLog.Entry> api = apiRequests(sim);
        assertThat(api.stream().filter(e -> e.status() == 429)).isNotEmpty();
        assertThat(api.stream().filter(e -> e.status() == 200)).hasSize(25);
        // 10 answered, the 11th refused with Retry-After: 1, one second waited; the same again at the 21st.
        assertThat(api.stream().filter(e -> e.status() == 429)).hasSize(2);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void serverLimitWithoutRetryAfterIsWaitedOutByBackOff() {
        sim.rateLimit(10, WINDOW).sendRetryAfter(false);
        DineroClient client = client(100, WINDOW);

        for (int i = 0; i < 15; i++) {
            client.getContact(guid);
        }

        assertThat(sim.requestLog().count(e -> e.status() == 429)).isPositive();
        assertThat(sim.requestLog().count(e -> e.status() == 200 && "contacts.get".equals(e.operation()))).isEqualTo(15);
        // The server's window had to pass before the 11th request could be answered.
        assertThat(time.elapsed()).isGreaterThanOrEqualTo(WINDOW);
    }

    @Test
    void concurrentCallersShareTheBudgetAndNeverHitTheLimit() throws Exception {
        int budget = 10;
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        sim.rateLimit(budget, WINDOW).rateTicker(() -> {
            long now = time.nanoTime();
            arrivals.add(now);
            return now;
        });
        DineroClient client = client(budget, WINDOW);
        client.tokenSource().token(); // the token call is not part of the budget

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 4; i++) {
                    client.getContact(guid);
                    ok++;
                }
                return ok;
            }));
        }
        int done = 0;
        for (Future<Integer> f : results) {
            done += f.get();
        }
        pool.shutdown();

        List<RequestLog.Entry> api = apiRequests(sim);
        assertThat(done).isEqualTo(32);
        assertThat(api).hasSize(32);
        assertThat(api).noneMatch(e -> e.status() == 429);
        assertThat(arrivals).hasSize(32);
        assertThat(maxInAnyWindow(arrivals, WINDOW)).isLessThanOrEqualTo(budget);
        assertThat(time.sleeps()).as("32 requests on a budget of 10 had to wait").isNotEmpty();
    }

    @Test
    void anotherProcessUsingTheSameQuotaCausesWaitsButNoFailures() {
        int budget = 10;
        sim.rateLimit(budget, WINDOW);
        // two processes: each believes it has the whole budget
        DineroClient first = client(budget, WINDOW);
        DineroClient second = client(budget, WINDOW);

        for (int i = 0; i < budget; i++) {
            first.getContact(guid); // the first one spends the whole budget of this window
        }
        for (int i = 0; i < 4; i++) {
            second.getContact(guid);
        }
        for (int i = 0; i < 4; i++) {
            first.getContact(guid);
        }

        assertThat(sim.requestLog().count(e -> e.status() == 200 && "contacts.get".equals(e.operation()))).isEqualTo(18);
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isPositive();
        assertThat(time.elapsed()).as("the second waited out the window the first had filled").isGreaterThanOrEqualTo(WINDOW);
    }

    @Test
    void sharedRegistryGivesOneLimiterPerOrganization() {
        DineroRateLimiter a = DineroRateLimiter.forOrganization("4711", 90, Duration.ofMinutes(1));
        DineroRateLimiter b = DineroRateLimiter.forOrganization("4711", 90, Duration.ofMinutes(1));
        DineroRateLimiter other = DineroRateLimiter.forOrganization("4712", 90, Duration.ofMinutes(1));
        assertThat(a).isSameAs(b).isNotSameAs(other);
    }

    @Test
    void limiterBlocksTheRequestBeyondTheBudgetForAWindowAfterTheAnswers() throws Exception {
        Duration window = Duration.ofMillis(400);
        DineroRateLimiter limiter = time.limiter(3, window);
        for (int i = 0; i < 3; i++) {
            limiter.acquire().release();
        }
        assertThat(time.sleeps()).as("three within the budget, no wait").isEmpty();

        limiter.acquire().release();

        assertThat(time.sleeps()).containsExactly(window);
        assertThat(time.elapsed()).isEqualTo(window);
    }

    @Test
    void aSlotIsHeldWhileItsRequestIsInFlightAndForAWindowAfterItsAnswer() throws Exception {
        Duration window = Duration.ofMillis(400);
        DineroRateLimiter limiter = time.limiter(1, window);
        DineroRateLimiter.Permit slow = limiter.acquire();
        time.advance(Duration.ofSeconds(5)); // a slow answer: its slot stays taken however long it takes
        slow.release();

        limiter.acquire().release();

        assertThat(time.sleeps()).containsExactly(window);
    }

    @Test
    void aLimitThatNeverLiftsFailsTransientlyAfterBoundedBackOff() {
        sim.rateLimit(0, Duration.ofMinutes(1));
        Duration window = Duration.ofMillis(100);
        DineroClient client = client(100, window);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getContact(guid))
                .isInstanceOfSatisfying(DineroException.Transport.class, e -> {
                    assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.RATE_LIMITED);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(429);
                });
        long limited = sim.requestLog().count(e -> e.status() == 429);
        assertThat(limited).isBetween(2L, (long) DineroClient.MAX_RATE_LIMITED + 1);
        assertThat(time.elapsed()).as("waits bounded by 5 windows").isLessThanOrEqualTo(window.multipliedBy(5));
        assertThat(sim.requestLog().count(e -> e.status() == 200 && "contacts.get".equals(e.operation()))).isZero();
    }

    @Test
    void aRetryAfterBelowOneSecondCountsAsTheNormalBackOff() {
        sim.rateLimit(0, Duration.ofMinutes(1)).fixedRetryAfter("0");
        DineroClient client = client(100, Duration.ofMillis(100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getContact(guid))
                .isInstanceOfSatisfying(DineroException.Transport.class,
                        e -> assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.RATE_LIMITED));
        // 10 + 20 + 40 + 80 + 100 + 100 + 100 ms waited before the next wait would pass 5 windows
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40),
                Duration.ofMillis(80), Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isLessThanOrEqualTo(DineroClient.MAX_RATE_LIMITED + 1);
    }

    @Test
    void aRetryAfterBeyondTheWaitBudgetFailsAtOnce() {
        sim.rateLimit(0, Duration.ofMinutes(1)).fixedRetryAfter("30");
        DineroClient client = client(100, Duration.ofMillis(100));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getContact(guid))
                .isInstanceOfSatisfying(DineroException.Transport.class,
                        e -> assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.RATE_LIMITED));
        assertThat(time.sleeps()).as("no wait at all").isEmpty();
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isEqualTo(1);
    }
}
