package dk.simplydinero.sync;

import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10.8: pairs that runs cut off left waiting in the priority aggregator, of two modules, must never be written
 * over what the sides hold now. Two cut runs leave a CRM version of an organization and of a product waiting; then
 * the CRM edits are undone and the product is edited in Dinero. The next run must write what the feeds read now:
 * nothing for the organization, Dinero's edit for the product (crm-first decides only when both changed now).
 */
@ExtendWith(Simulators.class)
class LeftOverPairsTest {

    /** A fresh set for each test. */
    SimulatedSides sides;

    @Test
    void leftOversOfTwoModulesAreNeverWrittenOverTheCurrentState() {
        String org = sides.crm.put("Accounts", Map.of("accountname", "Havnens Fisk ApS", "bill_city", "Esbjerg",
                "bill_country", "Danmark", "cf_853", "DK55667788", "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Fiskekasse", "unit_price", "150",
                "usageunit", "Box", "assigned_user_id", ""));
        try (ConfigurableApplicationContext service = sides.startService(BOTH)) {
            assertThat(SimulatedSides.runSync(SimulatedSides.api(service)).get("status")).isEqualTo("succeeded");
        }
        Map<String, Object> dineroOrg = onlyLive(DineroSimulator.CONTACTS);
        Map<String, Object> dineroProduct = onlyLive(DineroSimulator.PRODUCTS);
        assertThat(dineroOrg).containsEntry("City", "Esbjerg");
        assertThat(new BigDecimal(dineroProduct.get("BaseAmountValue").toString())).isEqualByComparingTo("150");

        // Edited in the CRM; two runs, one per module, are cut off while the CRM versions wait for Dinero's feed.
        sides.crm.change(org, Map.of("bill_city", "Vejle"));
        sides.crm.change(product, Map.of("unit_price", "200"));
        cutOffWhileWaiting("organizations");
        cutOffWhileWaiting("products");

        // Between the runs: the CRM edits are undone, and the product's name is changed in Dinero.
        sides.crm.change(org, Map.of("bill_city", "Esbjerg"));
        sides.crm.change(product, Map.of("unit_price", "150"));
        sides.dinero.updateRecord(DineroSimulator.PRODUCTS, String.valueOf(dineroProduct.get("ProductGuid")),
                Map.of("Name", "Fiskekasse, stor"));

        try (ConfigurableApplicationContext service = sides.startService(BOTH)) {
            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(pairs(service)).as("pairs left after the run").isZero();
        }
        assertThat(onlyLive(DineroSimulator.CONTACTS)).containsEntry("City", "Esbjerg").containsEntry("Name",
                "Havnens Fisk ApS");
        Map<String, Object> p = onlyLive(DineroSimulator.PRODUCTS);
        assertThat(p).containsEntry("Name", "Fiskekasse, stor");
        assertThat(new BigDecimal(p.get("BaseAmountValue").toString())).isEqualByComparingTo("150");
        assertThat(sides.crm.get(product)).containsEntry("productname", "Fiskekasse, stor");
        assertThat(new BigDecimal(sides.crm.get(product).get("unit_price").toString())).isEqualByComparingTo("150");
        assertThat(sides.crm.get(org)).containsEntry("bill_city", "Esbjerg");
    }

    private static final String[] BOTH = {"--sync.direction=both", "--sync.priority=crm-first",
            "--sync.modules=organizations,products"};

    /** A run of one module stopped (the service shut down) while that module's pair waits in the database. */
    private void cutOffWhileWaiting(String module) {
        sides.dinero.faults().slow(1.0, Duration.ofSeconds(3));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=both",
                "--sync.priority=crm-first", "--sync.modules=" + module, "--camel.main.shutdown-timeout=1")) {
            assertThat(SimulatedSides.api(service).post("/api/sync", "").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> service.getBean(JdbcClient.class)
                    .sql("SELECT COUNT(*) FROM sync_pairs WHERE id LIKE ?").param(module + ":%").query(Long.class)
                    .single() >= 1);
        } finally {
            sides.dinero.faults().off();
        }
    }

    private static long pairs(ConfigurableApplicationContext service) {
        return service.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM sync_pairs").query(Long.class).single();
    }

    private Map<String, Object> onlyLive(String type) {
        assertThat(sides.liveDinero(type)).hasSize(1);
        return sides.liveDinero(type).get(0);
    }
}
