package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dinero → CRM templates, one instance each (products), advised in Camel's own style: the module route
 * {@code products-dinero-to-crm} hands every changed Dinero product to {@code products-dinero-record-to-crm}, which
 * maps and writes it to the CRM; a product that cannot be mapped (no price) is recorded as a failure with the reason
 * (routeConfiguration sync-errors) and the others are still written.
 */
@CamelSpringBootTest
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=dinero-to-crm", "sync.modules=products"})
class DineroToCrmRoutesTest {

    static SimulatedSides sides;

    @Autowired
    CamelContext camel;

    @Test
    void theProductsRoutesWriteEachChangedProductAndRecordTheOneThatCannotBeMapped(ApiClient api) throws Exception {
        AdviceWith.adviceWith(camel, "products-dinero-to-crm", route ->
                // its one "to": each record to products-dinero-record-to-crm
                route.weaveByType(ToDefinition.class).before().to("mock:productsRead"));
        AdviceWith.adviceWith(camel, "products-dinero-record-to-crm", route ->
                route.weaveAddLast().to("mock:productsWritten"));
        MockEndpoint read = camel.getEndpoint("mock:productsRead", MockEndpoint.class);
        MockEndpoint written = camel.getEndpoint("mock:productsWritten", MockEndpoint.class);
        String bench = sides.dinero.putProduct(Map.of("Name", "Bænk", "BaseAmountValue", 400, "Quantity", 1,
                "AccountNumber", 1000, "Unit", "parts", "ProductNumber", "B-1"));
        String priceless = sides.dinero.putProduct(Map.of("Name", "Stol", "Quantity", 1, "AccountNumber", 1000,
                "Unit", "parts", "ProductNumber", "S-1"));
        String table = sides.dinero.putProduct(Map.of("Name", "Bord", "BaseAmountValue", 1250.5, "Quantity", 1,
                "AccountNumber", 1000, "Unit", "parts", "ProductNumber", "T-1"));

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("partial");
        assertThat(read.getExchanges()).extracting(e -> e.getMessage().getBody(Map.class).get("ProductGuid"))
                .contains(bench, priceless, table);
        assertThat(written.getExchanges()).extracting(e -> e.getMessage().getHeader("dineroId"))
                .containsExactlyInAnyOrder(bench, table);
        assertThat(written.getExchanges()).extracting(e -> e.getMessage().getBody(WriteOutcome.class).actionName())
                .containsOnly("created");
        assertThat(new BigDecimal(String.valueOf(crmProduct("Bænk").get("unit_price")))).isEqualByComparingTo("400");
        assertThat(new BigDecimal(String.valueOf(crmProduct("Bord").get("unit_price")))).isEqualByComparingTo("1250.50");
        assertThat(sides.crm.records("Products")).noneMatch(p -> "Stol".equals(p.get("productname")));
        JsonNode failure = StreamSupport.stream(api.get("/api/failures").json().spliterator(), false)
                .filter(f -> priceless.equals(f.get("dineroId").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no failure listed for Dinero product " + priceless));
        assertThat(failure.get("module").asText()).isEqualTo("products");
        assertThat(failure.toString()).contains("BaseAmountValue");
    }

    private static Map<String, Object> crmProduct(String name) {
        List<Map<String, Object>> products = sides.crm.records("Products").stream()
                .filter(p -> name.equals(p.get("productname"))).toList();
        assertThat(products).as("CRM products named " + name).hasSize(1);
        return products.get(0);
    }
}
