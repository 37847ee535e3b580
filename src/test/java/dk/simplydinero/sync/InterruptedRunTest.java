package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service stopped in the middle of a run (its context closed with a short shutdown timeout, so the run is
 * cut off mid-way) and started again on the same database: the next run completes the work and no CRM record
 * ends up twice in Dinero.
 */
@ExtendWith(Simulators.class)
class InterruptedRunTest {

    /** A fresh set for each test. */
    SimulatedSides sides;

    @Test
    void aRunCutOffMidWayLeavesNoDuplicateAfterTheNextRun() {
        List<String> crmIds = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            crmIds.add(sides.crm.put("Accounts", Map.of("accountname", "Kunde " + i + " ApS", "bill_country", "DK",
                    "cf_853", "DK" + (20_000_000 + i), "assigned_user_id", "")));
        }
        // Slow Dinero answers stretch the run, so it can be stopped half-way: with two records written at once
        // (dinero.max-concurrent-requests), the 36 or fewer left after the 24th create take longer than the 1 s the
        // service gives its routes to end when it stops (60 ms each let them all end in time once on CI).
        sides.dinero.faults().slow(1.0, Duration.ofMillis(150));

        ConfigurableApplicationContext first = start();
        ApiClient api = api(first);
        assertThat(api.post("/api/sync", "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> sides.dinero.requestLog().countOperation("contacts.create") >= 24);
        first.close();
        long createdBeforeStop = sides.dinero.requestLog().countOperation("contacts.create");
        assertThat(createdBeforeStop).as("creates before the stop").isBetween(24L, 59L);

        sides.dinero.faults().off();
        ConfigurableApplicationContext second = start();
        try {
            ApiClient again = api(second);
            JsonRuns runs = new JsonRuns(again);
            assertThat(runs.status(1)).isEqualTo("interrupted");
            Map<String, Object> run = SimulatedSides.runSync(again);
            assertThat(run.get("status")).isEqualTo("succeeded");
        } finally {
            second.close();
        }

        Map<String, Long> perCrmId = sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(r -> r.get("ExternalReference") != null)
                .collect(Collectors.groupingBy(r -> r.get("ExternalReference").toString(), Collectors.counting()));
        assertThat(perCrmId.keySet()).containsExactlyInAnyOrderElementsOf(crmIds);
        assertThat(perCrmId.values()).allMatch(n -> n == 1);
        System.out.printf("Interrupted run: %d of 60 created before the stop; after the restart each of the 60 is in Dinero once%n",
                createdBeforeStop);
    }

    private ConfigurableApplicationContext start() {
        return sides.startService("--camel.main.shutdown-timeout=1");
    }

    private static ApiClient api(ConfigurableApplicationContext app) {
        return SimulatedSides.api(app);
    }

    private record JsonRuns(ApiClient api) {
        String status(long runId) {
            return api.get("/api/runs/" + runId).json().get("status").asText();
        }
    }
}
