package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The both-ways templates, one instance each (contacts), advised in Camel's own style: {@code contacts-both-ways}
 * hands the changed records of both sides to {@code contacts-pair-by-priority}, whose aggregator sends a contact
 * changed only in the CRM to the CRM → Dinero record route and one changed only in Dinero to the Dinero → CRM one.
 */
@CamelSpringBootTest
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=both", "sync.modules=contacts"})
class BothWaysRoutesTest {

    static SimulatedSides sides;

    @Autowired
    CamelContext camel;

    @Test
    void eachContactGoesToTheSideItChangedOn(ApiClient api) throws Exception {
        AdviceWith.adviceWith(camel, "contacts-both-ways", route ->
                // its "to"s: each side into contacts-pair-by-priority, then the signal that both feeds are read
                route.weaveByType(ToDefinition.class).before().to("mock:contactsToPair"));
        AdviceWith.adviceWith(camel, "contacts-pair-by-priority", route -> {
            // the winner's record route: CRM → Dinero when the CRM side wins, else Dinero → CRM
            route.weaveByType(ToDynamicDefinition.class).selectFirst().before().to("mock:crmWins");
            route.weaveByType(ToDynamicDefinition.class).selectLast().before().to("mock:dineroWins");
        });
        MockEndpoint toPair = camel.getEndpoint("mock:contactsToPair", MockEndpoint.class);
        MockEndpoint crmWins = camel.getEndpoint("mock:crmWins", MockEndpoint.class);
        MockEndpoint dineroWins = camel.getEndpoint("mock:dineroWins", MockEndpoint.class);
        String inCrm = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Karen", "Krog", "karen@krog.dk"));
        String inDinero = sides.dinero.putContact(Map.of("Name", "Bo Berg", "Email", "bo@berg.dk", "CountryKey", "DK",
                "IsPerson", true, "IsMember", false, "UseCvr", false));

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(toPair.getExchanges()).extracting(e -> e.getMessage().getHeader("pairSide"))
                .as("one CRM side, one Dinero side, then the signal that both feeds are read")
                .containsExactly("crm", "dinero", null);
        assertThat(crmWins.getExchanges()).extracting(e -> e.getMessage().getBody(Map.class).get("id"))
                .containsExactly(inCrm);
        assertThat(dineroWins.getExchanges()).extracting(e -> e.getMessage().getBody(Map.class).get("ContactGuid"))
                .containsExactly(inDinero);
        List<Map<String, Object>> karen = FailedRecords.byReference(sides.dinero, DineroSimulator.CONTACTS, inCrm);
        assertThat(karen).hasSize(1);
        assertThat(karen.get(0)).containsEntry("Name", "Karen Krog").containsEntry("Email", "karen@krog.dk");
        List<Map<String, Object>> bo = sides.crm.records("Contacts").stream()
                .filter(c -> "bo@berg.dk".equals(c.get("email"))).toList();
        assertThat(bo).hasSize(1);
        assertThat(bo.get(0)).containsEntry("firstname", "Bo").containsEntry("lastname", "Berg");
    }
}
