package dk.simplydinero.dinero;

import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dk.simplydinero.dinero.DineroFixtures.apiRequests;
import static dk.simplydinero.dinero.DineroFixtures.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DineroRateLimitTest {

    private static final Duration WINDOW = Duration.ofSeconds(1);
    private DineroSimulator sim;
    private String guid;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator();
        guid = sim.putContact(DineroFixtures.contact("Ærø Færgeservice A/S"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void serverLimitBelowClientBudgetIsWaitedOutWithRetryAfter() {
        sim.rateLimit(10, WINDOW).sendRetryAfter(true);
        DineroClient client = DineroFixtures.client(sim, 100, WINDOW);

        for (int i = 0; i < 25; i++) {
            assertThat(client.getContact(guid)).containsEntry("Name", "Ærø Færgeservice A/S");
        }

        List<RequestLog.Entry> api = apiRequests(sim);
        assertThat(api.stream().filter(e -> e.status() == 429)).isNotEmpty();
        assertThat(api.stream().filter(e -> e.status() == 200)).hasSize(25);
    }

    @Test
    void serverLimitWithoutRetryAfterIsWaitedOutByBackOff() {
        sim.rateLimit(10, WINDOW).sendRetryAfter(false);
        DineroClient client = DineroFixtures.client(sim, 100, WINDOW);

        for (int i = 0; i < 15; i++) {
            client.getContact(guid);
        }

        assertThat(sim.requestLog().count(e -> e.status() == 429)).isPositive();
        assertThat(sim.requestLog().count(e -> e.status() == 200 && "contacts.get".equals(e.operation()))).isEqualTo(15);
    }

    @Test
    void concurrentCallersShareTheBudgetAndNeverHitTheLimit() throws Exception {
        int budget = 10;
        sim.rateLimit(budget, WINDOW);
        DineroClient client = DineroFixtures.client(sim, budget, WINDOW);
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
            done += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<RequestLog.Entry> api = apiRequests(sim);
        assertThat(done).isEqualTo(32);
        assertThat(api).hasSize(32);
        assertThat(api).noneMatch(e -> e.status() == 429);
        assertThat(maxInAnyWindow(api, WINDOW)).isLessThanOrEqualTo(budget);
    }

    @Test
    void anotherProcessUsingTheSameQuotaCausesWaitsButNoFailures() throws Exception {
        int budget = 10;
        sim.rateLimit(budget, WINDOW);
        // two processes: each believes it has the whole budget
        DineroClient first = DineroFixtures.client(sim, budget, WINDOW);
        DineroClient second = DineroFixtures.client(sim, budget, WINDOW);

        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            DineroClient client = t % 2 == 0 ? first : second;
            results.add(pool.submit(() -> {
                for (int i = 0; i < 4; i++) {
                    client.getContact(guid);
                }
                return 4;
            }));
        }
        int done = 0;
        for (Future<Integer> f : results) {
            done += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(done).isEqualTo(24);
        assertThat(sim.requestLog().count(e -> e.status() == 200 && "contacts.get".equals(e.operation()))).isEqualTo(24);
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isPositive();
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
        DineroRateLimiter limiter = new DineroRateLimiter(3, window);
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            limiter.acquire().release();
        }
        limiter.acquire().release();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(waitedMillis).isGreaterThanOrEqualTo(window.toMillis());
    }

    @Test
    void aLimitThatNeverLiftsFailsTransientlyAfterBoundedBackOff() {
        sim.rateLimit(0, Duration.ofMinutes(1));
        DineroClient client = DineroFixtures.client(sim, 100, Duration.ofMillis(100));
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getContact(guid))
                .isInstanceOfSatisfying(DineroException.Transport.class, e -> {
                    assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.RATE_LIMITED);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(429);
                });
        long millis = (System.nanoTime() - start) / 1_000_000;
        long limited = sim.requestLog().count(e -> e.status() == 429);
        assertThat(limited).isBetween(2L, (long) DineroClient.MAX_RATE_LIMITED + 1);
        assertThat(millis).isLessThan(5000);
        assertThat(sim.requestLog().count(e -> e.status() == 200 && "contacts.get".equals(e.operation()))).isZero();
    }

    @Test
    void aRetryAfterBelowOneSecondCountsAsTheNormalBackOff() {
        sim.rateLimit(0, Duration.ofMinutes(1)).fixedRetryAfter("0");
        DineroClient client = DineroFixtures.client(sim, 100, Duration.ofMillis(100));
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getContact(guid))
                .isInstanceOfSatisfying(DineroException.Transport.class,
                        e -> assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.RATE_LIMITED));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 10 + 20 + 40 + 80 + 100 + 100 + 100 ms waited before the next wait would pass 5 windows
        assertThat(millis).isGreaterThanOrEqualTo(400);
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isLessThanOrEqualTo(DineroClient.MAX_RATE_LIMITED + 1);
    }

    @Test
    void aRetryAfterBeyondTheWaitBudgetFailsAtOnce() {
        sim.rateLimit(0, Duration.ofMinutes(1)).fixedRetryAfter("30");
        DineroClient client = DineroFixtures.client(sim, 100, Duration.ofMillis(100));
        long start = System.nanoTime();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.getContact(guid))
                .isInstanceOfSatisfying(DineroException.Transport.class,
                        e -> assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.RATE_LIMITED));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isEqualTo(1);
    }
}
