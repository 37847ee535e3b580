package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "no successful run for 6 h" alert must not start over when the service restarts: after a restart on the same
 * database, {@code simplydinero_last_success_time_seconds} still says when the last succeeded run ended.
 */
@ExtendWith(Simulators.class)
class LastSuccessAfterRestartTest {

    SimulatedSides sides;

    private static final Pattern LAST_SUCCESS =
            Pattern.compile("(?m)^simplydinero_last_success_time_seconds\\s+(\\S+)$");

    @Test
    void theLastSuccessTimeSurvivesARestart() {
        sides.crm.put("Accounts", Map.of("accountname", "Læsø Saltsyderi ApS", "assigned_user_id", ""));
        long endedAt;
        try (ConfigurableApplicationContext first = sides.startService("--sandbox.sync-at-start=false")) {
            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(first));
            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            endedAt = Instant.parse(run.get("endedAt").toString()).getEpochSecond();
        }

        try (ConfigurableApplicationContext second = sides.startService("--sandbox.sync-at-start=false")) {
            ApiClient.Answer scrape = SimulatedSides.api(second).get("/actuator/prometheus");

            assertThat(scrape.status()).as(scrape.body()).isEqualTo(200);
            Matcher m = LAST_SUCCESS.matcher(scrape.body());
            assertThat(m.find()).as("the gauge is in the scrape").isTrue();
            assertThat((long) Math.floor(Double.parseDouble(m.group(1)))).isEqualTo(endedAt);
        }
    }
}
