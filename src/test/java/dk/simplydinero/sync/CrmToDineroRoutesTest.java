package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CRM → Dinero templates, one instance each (contacts), advised in Camel's own style: the module route
 * {@code contacts-crm-to-dinero} hands every changed CRM contact to {@code contacts-crm-record-to-dinero}, which maps and
 * writes it; a contact Dinero refuses is recorded as a failure with the reason (routeConfiguration sync-errors) and the
 * contacts after it are still written.
 */
@CamelSpringBootTest
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.modules=contacts"})
class CrmToDineroRoutesTest {

    static SimulatedSides sides;

    @Autowired
    CamelContext camel;

    @Test
    void theContactsRoutesWriteEachChangedContactAndRecordTheOneDineroRefuses(ApiClient api) throws Exception {
        AdviceWith.adviceWith(camel, "contacts-crm-to-dinero", route ->
                // its one "to": each record to contacts-crm-record-to-dinero
                route.weaveByType(ToDefinition.class).before().to("mock:contactsRead"));
        AdviceWith.adviceWith(camel, "contacts-crm-record-to-dinero", route ->
                route.weaveAddLast().to("mock:contactsWritten"));
        MockEndpoint read = camel.getEndpoint("mock:contactsRead", MockEndpoint.class);
        MockEndpoint written = camel.getEndpoint("mock:contactsWritten", MockEndpoint.class);
        String first = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Karen", "Krog", "karen@krog.dk"));
        String refused = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Ole", "Olsen", "ole(at)olsen.dk"));
        String last = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Bo", "Berg", "bo@berg.dk"));

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("partial");
        assertThat(read.getExchanges()).extracting(e -> e.getMessage().getBody(Map.class).get("id"))
                .containsExactlyInAnyOrder(first, refused, last);
        assertThat(written.getExchanges()).extracting(e -> e.getMessage().getHeader("crmId"))
                .containsExactlyInAnyOrder(first, last);
        assertThat(written.getExchanges()).extracting(e -> e.getMessage().getBody(WriteOutcome.class).actionName())
                .containsOnly("created");
        Map<String, Object> karen = only(first);
        assertThat(karen).containsEntry("Name", "Karen Krog").containsEntry("Email", "karen@krog.dk")
                .containsEntry("IsPerson", true);
        assertThat(only(last)).containsEntry("Name", "Bo Berg").containsEntry("Email", "bo@berg.dk");
        assertThat(FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, refused)).isEmpty();
        JsonNode failure = FailedRecords.failure(api.get("/api/failures").json(), refused);
        assertThat(failure.get("module").asText()).isEqualTo("contacts");
        assertThat(failure.toString()).contains("ole(at)olsen.dk");
    }

    private static Map<String, Object> only(String crmId) {
        List<Map<String, Object>> records = FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, crmId);
        assertThat(records).as("Dinero contacts of CRM contact " + crmId).hasSize(1);
        return records.get(0);
    }

}
