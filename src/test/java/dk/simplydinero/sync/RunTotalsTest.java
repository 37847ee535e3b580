package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run knows how many records each module will handle (issue 12, part 1; issue 13, part 3): GET /api/runs/{id}
 * gives per module {@code total} and {@code processed}. CRM → Dinero: a module whose changes fit on the change feed's
 * first page is counted from that page (no request); a larger one costs one {@code count(*)} query.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false"})
class RunTotalsTest {

    static SimulatedSides sides;
    /** A product on the feed's second page that also failed before: retried, and in count(*). */
    static String retriedProduct;

    @org.springframework.beans.factory.annotation.Autowired
    dk.simplydinero.store.FailureStore failures;

    @BeforeAll
    static void seed() {
        for (int i = 0; i < 3; i++) {
            sides.crm.put("Accounts", CrmRecordsInDinero.organization(i));
        }
        // more than the feed's page of 100, a second apart (a page also holds every record of its last second)
        MovableClock crmClock = new MovableClock();
        crmClock.set(java.time.Instant.now().minusSeconds(600));
        sides.crm.setClock(crmClock);
        for (int i = 0; i < 130; i++) {
            crmClock.advance(java.time.Duration.ofSeconds(1));
            String id = sides.crm.put("Products", CrmRecordsInDinero.product(i));
            retriedProduct = i == 120 ? id : retriedProduct;
        }
        // and the service's own helper product (the product of Dinero lines without one), which never goes to Dinero:
        // in the feed and in its count(*), but not a record the module handles
        crmClock.advance(java.time.Duration.ofSeconds(1));
        java.util.Map<String, String> helper = CrmRecordsInDinero.product(130);
        helper.put("productname", dk.simplydinero.mapping.MappingConfiguration.FALLBACK_PRODUCT);
        sides.crm.put("Products", helper);
    }

    @Test
    void eachModuleShowsTheRecordsItWillHandleAndHandled(ApiClient api) {
        failures.record(null, dk.simplydinero.store.FailureStore.Direction.CRM_TO_DINERO,
                dk.simplydinero.model.SyncModule.PRODUCTS, "dinero", retriedProduct, null, "DINERO_400", "refused");
        sides.crm.requestLog().clear();
        long runId = ((Number) SimulatedSides.runSync(api).get("id")).longValue();

        JsonNode modules = api.get("/api/runs/" + runId).json().get("modules");
        assertThat(field(modules, "organizations", "total")).isEqualTo(3);
        assertThat(field(modules, "organizations", "processed")).isEqualTo(3);
        assertThat(field(modules, "organizations", "created")).isEqualTo(3);
        assertThat(field(modules, "products", "total")).isEqualTo(130);
        assertThat(field(modules, "products", "processed")).isEqualTo(130);
        assertThat(field(modules, "products", "created")).isEqualTo(130);
        // nothing changed in these: counted from the feed's one (empty) page
        assertThat(field(modules, "contacts", "total")).isZero();
        assertThat(field(modules, "invoices", "total")).isZero();
        // a finished run has no time left to estimate
        assertThat(modules.get("products").get("eta").isNull()).isTrue();
        assertThat(modules.get("products").get("limitedBy").isNull()).isTrue();
        // the one request the totals cost: products' count(*), the only module with more than a page of changes
        assertThat(sides.crm.requestLog().count(e -> "query".equals(e.operation())
                && e.query().getOrDefault("query", "").contains("count(*)"))).isEqualTo(1);
    }

    /** A number the run's answer must hold: {@code modules.<module>.<field>}. */
    static int field(JsonNode modules, String module, String field) {
        JsonNode value = modules.path(module).path(field);
        assertThat(value.isNumber()).as(module + "." + field + " in " + modules.path(module)).isTrue();
        return value.asInt();
    }
}
