package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code sync.mode=automatic}: runs start on the cron (every second here) and never overlap, even when a run
 * lasts longer than the interval; a manual run asked for during one is refused with 409 and the running id.
 */
@SimulatedService(properties = {"sync.mode=automatic", "sync.cron=0/1 * * * * ?"})
class AutomaticSyncTest {

    static SimulatedSides sides;

    /** Before the service starts: its first run meets these. */
    @BeforeAll
    static void seed() {
        for (int i = 0; i < 12; i++) {
            sides.crm.put("Products", Map.of("productname", "Vare " + i, "unit_price", "10", "assigned_user_id", ""));
        }
        // Each Dinero answer takes 150 ms: the first run (12 creates) lasts longer than the 1-second interval.
        sides.dinero.faults().slow(1.0, Duration.ofMillis(150));
        // And each CRM answer 150 ms, so the quiet runs after it (CRM feeds only) also last long enough for the test
        // to see one running and ask for a manual run during it.
        sides.crm.faults().slow(1.0, Duration.ofMillis(150));
    }

    @Test
    void runsFireOnTheCronWithoutOverlapping(ApiClient api) {
        // While a scheduled run goes, a manual one is refused with the running run's id.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                api.get("/api/runs").json().path(0).path("status").asText().equals("running"));
        long running = api.get("/api/runs").json().get(0).get("id").asLong();
        ApiClient.Answer refused = api.post("/api/sync", "");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("runId").asLong()).isEqualTo(running);
        assertThat(refused.json().get("error").asText()).contains("in progress");

        await().atMost(Duration.ofSeconds(60)).until(() -> finishedScheduleRuns(api) >= 3);

        JsonNode runs = api.get("/api/runs").json();
        List<Instant[]> spans = new ArrayList<>();
        for (JsonNode run : runs) {
            if (!run.get("endedAt").isNull()) {
                spans.add(new Instant[]{Instant.parse(run.get("startedAt").asText()), Instant.parse(run.get("endedAt").asText())});
            }
        }
        spans.sort((a, b) -> a[0].compareTo(b[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertThat(spans.get(i)[0]).as("run %d starts after run %d ended", i, i - 1).isAfterOrEqualTo(spans.get(i - 1)[1]);
        }
        assertThat(sides.dinero.requestLog().countOperation("products.create")).as("each product created once").isEqualTo(12);
    }

    private static long finishedScheduleRuns(ApiClient api) {
        long n = 0;
        for (JsonNode run : api.get("/api/runs").json()) {
            if (run.get("trigger").asText().equals("schedule") && !run.get("status").asText().equals("running")) {
                n++;
            }
        }
        return n;
    }
}
