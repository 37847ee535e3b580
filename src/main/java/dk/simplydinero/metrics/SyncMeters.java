package dk.simplydinero.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The sync's meters, named in one place (README "Metrics" lists them as Prometheus shows them, and
 * docs/grafana/sync.json is built on those names). Tag values are the few words a Grafana user filters by: a module
 * key, a direction, an action, a side, an operation; never a record's id or anything a request carried.
 */
public final class SyncMeters {

    /** {@code simplydinero_records_synced_total{module, direction, action}}: one per record a run counted. */
    public static final String RECORDS = "simplydinero.records.synced";
    /** {@code simplydinero_record_failures_total{module, side}}: records a run listed as failed, by the side at fault. */
    public static final String FAILURES = "simplydinero.record.failures";
    /** {@code simplydinero_api_requests_total{side, endpoint, status}}: every HTTP call to Simply CRM and Dinero. */
    public static final String API_REQUESTS = "simplydinero.api.requests";
    /** {@code simplydinero_dinero_budget_used}: Dinero requests within the current rate window. */
    public static final String BUDGET_USED = "simplydinero.dinero.budget.used";
    /** {@code simplydinero_dinero_budget_limit}: the requests allowed per window (dinero.requests-per-minute). */
    public static final String BUDGET_LIMIT = "simplydinero.dinero.budget.limit";
    /** {@code simplydinero_run_duration_seconds{trigger, status}}: each run from start to end. */
    public static final String RUN_DURATION = "simplydinero.run.duration";
    /** {@code simplydinero_last_success_time_seconds}: when the last succeeded run ended (0: none yet). */
    public static final String LAST_SUCCESS = "simplydinero.last.success.time";

    private final MeterRegistry registry;
    /** Epoch seconds of the last succeeded run's end, 0 while none is known. */
    private final AtomicReference<Double> lastSuccess = new AtomicReference<>(0.0);
    /** The counters used so far, by name and tag values ({@link #counter}). */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public SyncMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(LAST_SUCCESS, lastSuccess, AtomicReference::get).baseUnit("seconds")
                .description("When the last succeeded sync run ended, in seconds since the epoch (0: none yet)")
                .register(registry);
    }

    /** Meters that go nowhere: for the clients built outside the service (tests, tools). */
    public static SyncMeters none() {
        return new SyncMeters(new CompositeMeterRegistry());
    }

    /** A run counted a record of {@code module} going {@code direction} ({@code crm-to-dinero}, …) as {@code action}. */
    public void record(String module, String direction, String action) {
        counter(List.of(RECORDS, tag(module), tag(direction), tag(action)), key -> Counter.builder(RECORDS)
                .description("Records synced, by module, direction and what was done")
                .tags("module", key.get(1), "direction", key.get(2), "action", key.get(3)).register(registry))
                .increment();
    }

    /** A run listed a record of {@code module} as failed, {@code side} ({@code crm} or {@code dinero}) at fault. */
    public void failure(String module, String side) {
        counter(List.of(FAILURES, tag(module), tag(side)), key -> Counter.builder(FAILURES)
                .description("Records that failed, by module and the side at fault")
                .tags("module", key.get(1), "side", key.get(2)).register(registry)).increment();
    }

    /**
     * One HTTP call to {@code side} ({@code crm}, {@code dinero}) on {@code endpoint} (an operation or a path
     * template) answered {@code status} (the HTTP status, or {@code timeout} / {@code error} without an answer).
     */
    public void apiRequest(String side, String endpoint, String status) {
        counter(List.of(API_REQUESTS, tag(side), tag(endpoint), tag(status)), key -> Counter.builder(API_REQUESTS)
                .description("HTTP calls to Simply CRM and Dinero, by side, endpoint and status")
                .tags("side", key.get(1), "endpoint", key.get(2), "status", key.get(3)).register(registry))
                .increment();
    }

    /**
     * The counter of a name and tag values, registered at its first use. Kept: building and registering one at each
     * record and call (its id, sorted tags, the registry's lookup) was a visible share of a sync's CPU. The tag values
     * are few (see the class comment), so the map stays small.
     */
    private Counter counter(List<String> key, Function<List<String>, Counter> register) {
        return counters.computeIfAbsent(key, register);
    }

    /** Dinero's request budget: {@code used} requests in the current window of {@code limit}. */
    public void dineroBudget(IntSupplier used, IntSupplier limit) {
        Gauge.builder(BUDGET_USED, used::getAsInt).description("Dinero requests within the current rate window")
                .register(registry);
        Gauge.builder(BUDGET_LIMIT, limit::getAsInt).description("Dinero requests allowed per rate window")
                .register(registry);
    }

    /** A run ({@code trigger}: manual, schedule, record) ended {@code status} at {@code endedAt} after {@code took}. */
    public void runEnded(String trigger, String status, Duration took, Instant endedAt) {
        Timer.builder(RUN_DURATION).description("Sync runs from start to end, by trigger and status")
                .tags("trigger", tag(trigger), "status", tag(status)).register(registry).record(took);
        if ("succeeded".equals(status)) {
            lastSucceeded(endedAt);
        }
    }

    /** Counting never stops a run: a value that is missing shows as {@code none} (Micrometer refuses null). */
    private static String tag(String value) {
        return value == null ? "none" : value;
    }

    /** The last succeeded run ended at {@code endedAt} (also as the service starts, from the run history). */
    public void lastSucceeded(Instant endedAt) {
        lastSuccess.accumulateAndGet(endedAt.toEpochMilli() / 1000.0, Math::max);
    }
}
