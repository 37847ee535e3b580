package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's feed that fails half-way (the second page of Dinero's contacts list answers an error page) while the
 * records of its first page are still being written to a slow CRM: the run ends only after they did, and counts them.
 * Camel ends the module's split at the feed's failure without waiting for the records it handed to the writers
 * ({@link RecordsInFlight}).
 */
@ExtendWith(Simulators.class)
class RecordsInFlightTest {

    SimulatedSides sides;

    @Test
    void aRunWhoseFeedFailsEndsOnlyAfterTheRecordsItHandedOutAndCountsThem() {
        for (int i = 0; i < 8; i++) {
            sides.dinero.putContact(Map.of("Name", "Firma " + i + " ApS", "CountryKey", "DK", "IsPerson", false,
                    "Email", "firma" + i + "@example.dk"));
        }
        // pages of 4: the first page's 4 companies are handed out, the second page is an error page every time
        sides.dinero.maxPageSize(4);
        sides.dinero.faults().malformedAnswers(r -> r.path().endsWith("/contacts") && "1".equals(r.query().get("page")),
                Faults.Malformed.HTML, -1);
        // each CRM answer takes 700 ms: two writers need 1.4 s for the first page's creates, far longer than the rest of
        // the run
        sides.crm.faults().slow(1.0, Duration.ofMillis(700));

        ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm",
                "--resilience.max-attempts=1");
        try {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> run = SimulatedSides.runSync(api);

            // seen the moment the run is reported ended: nothing of it is still being written
            int writing = sides.crm.requestLog().inFlight("create"::equals);
            long creates = sides.crm.requestLog().countOperation("create");
            assertThat(writing).as("CRM creates still in flight when the run was reported ended (%s)", run).isZero();
            @SuppressWarnings("unchecked")
            Map<String, Object> organizations = (Map<String, Object>) ((Map<String, Object>) run.get("modules"))
                    .get("organizations");
            // the feed fails as the splitter looks past the first page's last record, so 3 or 4 of it are handed out
            assertThat(creates).as("CRM creates of the first page").isBetween(3L, 4L);
            assertThat(((Number) organizations.get("created")).longValue())
                    .as("organizations created in the run, against the creates the CRM answered: %s", organizations)
                    .isEqualTo(creates);
            assertThat(sides.crm.records("Accounts")).hasSize((int) creates);
            assertThat(run.get("status")).isEqualTo("failed");
        } finally {
            service.close();
        }
    }
}
