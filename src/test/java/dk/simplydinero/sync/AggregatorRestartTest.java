package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A both-ways run stopped while CRM versions wait in the priority aggregator for their Dinero counterparts: the
 * waiting pairs are in the database, and after a restart the next run ends in the same state as a run that was
 * never interrupted, on the same data.
 */
class AggregatorRestartTest {

    @Test
    void aRunCutOffMidAggregationEndsLikeAnUninterruptedOne() {
        // The uninterrupted run: what both sides must look like in the end.
        SimulatedSides reference = seeded();
        try (ConfigurableApplicationContext service = reference.startService(BOTH)) {
            assertThat(SimulatedSides.runSync(SimulatedSides.api(service)).get("status")).isEqualTo("succeeded");
        }
        Map<String, String> expectedCrm = crmState(reference);
        Map<String, String> expectedDinero = dineroState(reference);
        reference.close();

        SimulatedSides sides = seeded();
        try {
            // Dinero answers slowly: the CRM side of each pair waits in the aggregator while Dinero is read.
            sides.dinero.faults().slow(1.0, Duration.ofSeconds(3));
            long waiting;
            try (ConfigurableApplicationContext service = sides.startService(withArguments(BOTH, "--camel.main.shutdown-timeout=1"))) {
                JdbcClient db = service.getBean(JdbcClient.class);
                assertThat(SimulatedSides.api(service).post("/api/sync", "").status()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).until(() -> pairs(db) >= 12);
                waiting = pairs(db);
            }
            sides.dinero.faults().off();
            try (ConfigurableApplicationContext service = sides.startService(BOTH)) {
                assertThat(pairs(service.getBean(JdbcClient.class))).as("pairs kept over the restart").isEqualTo(waiting);
                ApiClient api = SimulatedSides.api(service);
                assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
                assertThat(pairs(service.getBean(JdbcClient.class))).as("pairs left after the run").isZero();
            }
            System.out.printf("Aggregator restart: %d pairs waited in the database over the restart; end state equal%n", waiting);
            assertThat(crmState(sides)).isEqualTo(expectedCrm);
            assertThat(dineroState(sides)).isEqualTo(expectedDinero);
        } finally {
            sides.close();
        }
    }

    static final String[] BOTH = {"--sync.direction=both", "--sync.priority=crm-first", "--sync.modules=organizations"};

    private static String[] withArguments(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static SimulatedSides seeded() {
        SimulatedSides sides = new SimulatedSides();
        for (int i = 0; i < 12; i++) {
            sides.crm.put("Accounts", Map.of("accountname", "CRM Kunde " + i + " ApS", "cf_853", "DK" + (40_000_000 + i),
                    "bill_city", "Odense", "bill_country", "Danmark", "assigned_user_id", ""));
        }
        for (int i = 6; i < 16; i++) {
            sides.dinero.putContact(Map.of("Name", "Dinero Kunde " + i, "VatNumber", "DK" + (40_000_000 + i),
                    "City", "Vejle", "CountryKey", "DK", "IsPerson", false, "IsMember", false, "UseCvr", false));
        }
        return sides;
    }

    private static long pairs(JdbcClient db) {
        return db.sql("SELECT COUNT(*) FROM sync_pairs").query(Long.class).single();
    }

    /** VAT number → what a user sees of the organization on that side. */
    private static Map<String, String> crmState(SimulatedSides sides) {
        Map<String, String> state = new TreeMap<>();
        sides.crm.records("Accounts").stream().filter(a -> !PrivateCustomers.NAME.equals(a.get("accountname")))
                .forEach(a -> state.merge(String.valueOf(a.get("cf_853")),
                        a.get("accountname") + " | " + a.get("bill_city") + " | " + a.get("bill_country"), (x, y) -> x + " + " + y));
        return state;
    }

    private static Map<String, String> dineroState(SimulatedSides sides) {
        Map<String, String> state = new TreeMap<>();
        sides.dinero.records(DineroSimulator.CONTACTS).stream().filter(c -> c.get("DeletedAt") == null)
                .forEach(c -> state.merge(String.valueOf(c.get("VatNumber")),
                        c.get("Name") + " | " + c.get("City") + " | " + c.get("CountryKey"), (x, y) -> x + " + " + y));
        return state;
    }
}
