package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.store.FailureStore;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CRM → Dinero, the time left counts the Dinero requests the records really need (issue 12, part 1, after review): a
 * record whose CRM side changed is read from Dinero (a GET) before it is found unchanged there, and that GET is part
 * of Dinero's budget. The run is held open by the test, the record goes through the module's per-record route (the
 * real writer), and the run's time comes from a clock the test holds still.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=crm-to-dinero",
        "sync.modules=products", "dinero.rate-window=1m"})
class RunEtaCrmToDineroTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }
    }

    static SimulatedSides sides;

    @Autowired
    SyncRuns syncRuns;
    @Autowired
    SimplyCrmClient crm;
    @Autowired
    ProducerTemplate producer;

    @Test
    void aRecordReadAndFoundUnchangedCostsItsRead(ApiClient api) {
        String crmId = sides.crm.put("Products", CrmRecordsInDinero.product(0));
        SimulatedSides.runSync(api);
        // the price changed in the CRM, and someone already typed the same price in Dinero
        sides.crm.change(crmId, Map.of("unit_price", "60.75"));
        String guid = String.valueOf(sides.dinero.records(DineroSimulator.PRODUCTS).get(0).get("ProductGuid"));
        sides.dinero.updateRecord(DineroSimulator.PRODUCTS, guid, Map.of("BaseAmountValue", new BigDecimal("60.75")));
        Map<String, Object> read = crm.retrieve(crmId);

        long runId = syncRuns.begin(SyncRuns.MANUAL);
        try {
            syncRuns.moduleStarted(runId, SyncModule.PRODUCTS);
            syncRuns.total(runId, SyncModule.PRODUCTS, 91);
            sides.dinero.requestLog().clear();
            producer.sendBodyAndHeaders(RecordRoute.of(SyncModule.PRODUCTS, FailureStore.Direction.CRM_TO_DINERO),
                    read, Map.of("module", SyncModule.PRODUCTS, "runId", runId));

            // what the writer did: one GET, no write
            assertThat(sides.dinero.requestLog().count(e -> true)).isEqualTo(1);
            JsonNode products = api.get("/api/runs/" + runId).json().get("modules").get("products");
            assertThat(products.get("unchanged").asInt()).isEqualTo(1);
            assertThat(products.get("processed").asInt()).isEqualTo(1);
            // the 90 left need a GET each at 90 a minute: 60 s (the clock stood still: no measured pace to go by)
            assertThat(products.get("limitedBy").asText()).as(products.toString()).isEqualTo("dinero-budget");
            assertThat(products.get("eta").asLong()).isEqualTo(60L);
        } finally {
            syncRuns.finish(runId);
        }
    }
}
