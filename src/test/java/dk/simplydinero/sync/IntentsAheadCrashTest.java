package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: CRM → Dinero stores the create intents of a group of records in one commit before any of them is sent
 * ({@link CreateIntentsAhead}). The service is killed (SIGKILL) in the middle of the second group, while Dinero
 * answers slowly, so most likely after Dinero made a record and before its link was stored, with intents stored for
 * records not yet sent: after a restart every CRM contact is in Dinero exactly once, and one more run writes nothing.
 */
class IntentsAheadCrashTest {

    static final int CONTACTS = 50;
    static final String[] ONE_WAY = {"--sync.direction=crm-to-dinero", "--sync.mode=manual"};

    private final List<ServiceProcess> started = new ArrayList<>();
    private final SimulatedSides sides = new SimulatedSides();

    @AfterEach
    void stop() {
        started.forEach(ServiceProcess::close);
        sides.close();
    }

    @Test
    void aKillInsideAGroupOfIntentsLeavesEveryContactInDineroExactlyOnceAfterARestart() {
        List<String> crmIds = new ArrayList<>();
        for (int i = 1; i <= CONTACTS; i++) {
            crmIds.add(sides.crm.put("Contacts", CrmRecordsInDinero.contact(i)));
        }
        sides.dinero.faults().slow(1.0, Duration.ofMillis(60));
        ServiceProcess first = start("intents-ahead-crashed");
        assertThat(first.api().post("/api/sync", "").status()).isEqualTo(202);
        // inside the second group of intents (records 21-40): its intents are stored, some of its creates not sent
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> !first.alive() || sides.dinero.records("contacts").size() >= 25);
        assertThat(first.kill()).as("exit code of the killed service (SIGKILL)").isEqualTo(137);
        // a create in flight at the kill is still done by the simulator: wait until it has answered
        await().atMost(Duration.ofSeconds(30)).until(() -> sides.dinero.requestLog().inFlight(operation -> true) == 0);
        sides.dinero.faults().off();
        int atKill = sides.dinero.records("contacts").size();
        assertThat(atKill).as("contacts in Dinero at the kill").isBetween(25, CONTACTS - 5);

        Map<String, Object> recovery;
        Map<String, Object> last;
        long writesLast;
        try (ServiceProcess second = start("intents-ahead-restarted")) {
            ApiClient api = second.api();
            recovery = SimulatedSides.runSync(api);
            sides.dinero.requestLog().clear();
            last = SimulatedSides.runSync(api);
            writesLast = sides.dinero.requestLog().count(SimulatedSides.WRITE);
        }

        assertThat(recovery.get("status")).as(String.valueOf(recovery)).isEqualTo("succeeded");
        assertThat(last.get("status")).as(String.valueOf(last)).isEqualTo("succeeded");
        Map<String, Long> byReference = sides.dinero.records("contacts").stream()
                .collect(Collectors.groupingBy(c -> String.valueOf(c.get("ExternalReference")), Collectors.counting()));
        assertThat(byReference).as("Dinero contacts per ExternalReference (CRM id)")
                .isEqualTo(crmIds.stream().collect(Collectors.toMap(Function.identity(), id -> 1L)));
        assertThat(writesLast).as("Dinero writes of the run after the recovery").isZero();
    }

    private ServiceProcess start(String name) {
        ServiceProcess service = ServiceProcess.start(sides, name, ONE_WAY);
        started.add(service);
        return service;
    }

}
