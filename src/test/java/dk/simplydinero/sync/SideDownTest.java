package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A side that is down (every request answered 5xx) opens its circuit breaker: the run stops calling it after a
 * handful of requests instead of trying every record, ends {@code failed} saying which side is unavailable, and
 * keeps its cursor; once the side is back, the next run syncs every record once.
 */
@ExtendWith(Simulators.class)
class SideDownTest {

    private static final int ORGANIZATIONS = 40;

    @Test
    void aRunMeetingDineroDownStopsSoonEndsFailedAndTheNextRunCatchesUp(SimulatedSides sides) {
        for (int i = 0; i < ORGANIZATIONS; i++) {
            sides.crm.put("Accounts", Map.of("accountname", "Nedbrud " + i + " ApS", "bill_country", "Denmark",
                    "assigned_user_id", ""));
        }
        sides.dinero.faults().serverErrorShare(1.0);
        try (ConfigurableApplicationContext service = sides.startService("--sync.modules=organizations",
                "--resilience.max-attempts=2", "--resilience.initial-backoff=10ms", "--resilience.max-backoff=20ms",
                "--resilience.breaker-window=4", "--resilience.breaker-open-for=2s")) {
            ApiClient api = SimulatedSides.api(service);

            Map<String, Object> down = SimulatedSides.runSync(api);

            assertThat(down.get("status")).isEqualTo("failed");
            assertThat(down.get("message").toString()).startsWith("organizations: Dinero is unavailable: ")
                    .contains("HTTP 503").contains("the next run tries again");
            long requestsWhileDown = sides.dinero.requestLog().count();
            System.out.printf("Dinero down: %d requests to Dinero for %d records before the breaker opened%n",
                    requestsWhileDown, ORGANIZATIONS);
            // A few calls (each tried twice, its token call three times), not every record.
            assertThat(requestsWhileDown).isLessThan(ORGANIZATIONS);
            assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).isEmpty();

            sides.dinero.faults().off();
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(2100)).until(() -> true);
            Map<String, Object> back = SimulatedSides.runSync(api);

            assertThat(back.get("status")).as(String.valueOf(back)).isEqualTo("succeeded");
            Map<Object, Long> perReference = sides.dinero.records(DineroSimulator.CONTACTS).stream()
                    .collect(Collectors.groupingBy(r -> r.get("ExternalReference"), Collectors.counting()));
            assertThat(perReference).hasSize(ORGANIZATIONS).allSatisfy((ref, n) -> assertThat(n).isEqualTo(1));
            assertThat(api.get("/api/failures").json()).isEmpty();
        }
    }
}
