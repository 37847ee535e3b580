package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static dk.simplydinero.sync.FailedRecords.failure;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CRM product without a price (unit_price NULL after an import) is not sent to Dinero as a free product: it is
 * listed as failed, naming the field and the product, and synced once the price is filled in.
 */
@SimulatedService
class PricelessProductTest {

    static SimulatedSides sides;

    @Test
    void aProductWithoutPriceFailsNamingTheFieldAndIsSyncedOncePriced(ApiClient api) {
        String priced = sides.crm.put("Products", Map.of("productname", "Fanø Pale Ale", "unit_price", "32",
                "assigned_user_id", ""));
        String priceless = sides.crm.put("Products", Map.of("productname", "Fanø Porter", "unit_price", "",
                "assigned_user_id", ""));

        Map<String, Object> first = SimulatedSides.runSync(api);

        assertThat(first.get("status")).isEqualTo("partial");
        assertThat(byReference(priced)).singleElement().satisfies(p ->
                assertThat(new BigDecimal(p.get("BaseAmountValue").toString())).isEqualByComparingTo("32"));
        assertThat(byReference(priceless)).as("no free product in Dinero").isEmpty();
        JsonNode failures = api.get("/api/failures").json();
        assertThat(failures).hasSize(1);
        JsonNode failed = failure(failures, priceless);
        assertThat(failed.get("module").asText()).isEqualTo("products");
        assertThat(failed.get("side").asText()).isEqualTo("crm");
        assertThat(failed.get("code").asText()).isEqualTo("MAPPING");
        assertThat(failed.get("message").asText()).isEqualTo("CRM record " + priceless + " (Fanø Porter): BaseAmountValue,"
                + " which Dinero requires, has no value: field 'unit_price' is empty");

        sides.crm.change(priceless, Map.of("unit_price", "38.50000000"));
        Map<String, Object> second = SimulatedSides.runSync(api);

        assertThat(second.get("status")).isEqualTo("succeeded");
        assertThat(byReference(priceless)).singleElement().satisfies(p -> {
            assertThat(p.get("Name")).isEqualTo("Fanø Porter");
            assertThat(new BigDecimal(p.get("BaseAmountValue").toString())).isEqualByComparingTo("38.5");
        });
        assertThat(api.get("/api/failures").json()).isEmpty();
    }

    private static java.util.List<Map<String, Object>> byReference(String crmId) {
        return FailedRecords.byReference(sides.dinero, DineroSimulator.PRODUCTS, crmId);
    }
}
