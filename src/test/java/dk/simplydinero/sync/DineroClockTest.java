package dk.simplydinero.sync;

import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10.5: Dinero's UpdatedAt carries no zone and nothing says whether it is UTC or Danish local time, while
 * changesSince is UTC. Whichever it is, an edit made in Dinero after a run reaches the CRM in the next run: in UTC, in
 * winter (UTC+1), in summer (UTC+2) and in the night the clocks go back (02:30 summer time is followed by 02:15
 * winter time). The service and the Dinero simulator share one clock the test moves by hand.
 */
@ExtendWith(Simulators.class)
class DineroClockTest {

    /** A fresh set for each test. */
    SimulatedSides sides;
    private final MovableClock clock = new MovableClock();

    @ParameterizedTest(name = "{0}: a run at {1}, an edit {2} min later")
    @CsvSource({
            "UTC,                 2026-03-10T09:00:00Z, 10",
            "Europe/Copenhagen,   2026-01-15T10:00:00Z, 10",   // winter: local = UTC+1
            "Europe/Copenhagen,   2026-07-01T10:00:00Z, 10",   // summer: local = UTC+2
            "Europe/Copenhagen,   2026-10-25T00:30:00Z, 45",   // 02:30 CEST, then 02:15 CET: local time goes back
    })
    void anEditInDineroAfterARunReachesTheCrmInTheNextRun(String zone, Instant runAt, long minutesLater) {
        clock.set(runAt);
        sides.dinero.setClock(clock).renderTimesIn(ZoneId.of(zone));
        String guid = sides.dinero.putContact(Map.of("Name", "Vinterbadernes Forening", "Street", "Havnen 1",
                "ZipCode", "8000", "City", "Aarhus C", "CountryKey", "DK", "Email", "bestyrelse@vinterbad.dk",
                "IsPerson", false, "IsMember", false, "UseCvr", false));

        try (ConfigurableApplicationContext service = start()) {
            Map<String, Object> first = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Accounts")).singleElement()
                    .satisfies(a -> assertThat(a).containsEntry("bill_city", "Aarhus C"));

            clock.advance(Duration.ofMinutes(minutesLater));
            sides.dinero.updateRecord(DineroSimulator.CONTACTS, guid, Map.of("Street", "Strandvejen 2",
                    "ZipCode", "8200", "City", "Aarhus N"));
            Map<String, Object> second = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Accounts")).singleElement().satisfies(a -> assertThat(a)
                    .containsEntry("bill_street", "Strandvejen 2").containsEntry("bill_code", "8200")
                    .containsEntry("bill_city", "Aarhus N").containsEntry("accountname", "Vinterbadernes Forening"));

            // Read again in the overlap, the record is recognised and nothing is written.
            clock.advance(Duration.ofMinutes(1));
            long crmWrites = sides.crmWrites();
            Map<String, Object> third = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(sides.crmWrites()).isEqualTo(crmWrites);
        }
    }

    /** The service on the simulators, with the test's clock as its own. */
    private ConfigurableApplicationContext start() {
        return sides.startService(clock, "--sync.direction=dinero-to-crm", "--sync.modules=organizations");
    }
}
