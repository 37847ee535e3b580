package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sync.direction=both}, once per {@code sync.priority}: records on both sides before the first run are
 * linked by VAT number, e-mail or product number, not duplicated; a record changed on both sides ends with the priority side's values on
 * both; a change on one side only is copied over either way; a further run writes nothing.
 */
@ExtendWith(Simulators.class)
class BothWaysSyncTest {

    @ParameterizedTest
    @EnumSource(SyncProperties.Priority.class)
    void thePrioritySideWinsConflictsOneSidedChangesFlowBothWaysThenNothingMoves(SyncProperties.Priority priority,
                                                                                 SimulatedSides sides) {
        boolean crmFirst = priority == SyncProperties.Priority.CRM_FIRST;
        String shared = sides.crm.put("Accounts", account("Østergaard & Søn ApS", "DK11112222", "Aarhus C"));
        String crmOnly = sides.crm.put("Accounts", account("Bøgelund Tømrer A/S", "DK22223333", "Roskilde"));
        String sharedInDinero = sides.dinero.putContact(company("Østergaard og Søn", "DK11112222", "Århus"));
        String dineroOnlyInDinero = sides.dinero.putContact(company("Læsø Saltsyderi ApS", "DK33334444", "Læsø"));
        // The same person on both sides, known by e-mail (in another case).
        String person = sides.crm.put("Contacts", Map.of("firstname", "Karen", "lastname", "Ærbø",
                "email", "karen@aeroe.dk", "mailingcountry", "Denmark", "assigned_user_id", ""));
        String personInDinero = sides.dinero.putContact(Map.of("Name", "Karen Ærbø", "Email", "Karen@Aeroe.dk",
                "CountryKey", "DK", "IsPerson", true, "IsMember", false, "UseCvr", false));
        // The same product on both sides, known by its product number.
        String product = sides.crm.put("Products", Map.of("productname", "Konsulenttime", "product_no", "KONS-01",
                "unit_price", "950", "usageunit", "Hours", "assigned_user_id", ""));
        String productInDinero = sides.dinero.putProduct(Map.of("Name", "Konsulent, time", "ProductNumber", "KONS-01",
                "BaseAmountValue", 950, "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=both",
                "--sync.priority=" + (crmFirst ? "crm-first" : "dinero-first"), "--sync.modules=organizations,contacts,products")) {
            ApiClient api = SimulatedSides.api(service);

            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            long firstDineroWrites = sides.dinero.requestLog().count(SimulatedSides.WRITE);
            long firstCrmWrites = sides.crmWrites();
            // The person known by e-mail is linked, not duplicated.
            assertThat(sides.dinero.records(DineroSimulator.CONTACTS).stream()
                    .filter(r -> Boolean.TRUE.equals(r.get("IsPerson")))).hasSize(1);
            assertThat(sides.crm.records("Contacts")).hasSize(1);
            assertThat(sides.dinero.records(DineroSimulator.PRODUCTS)).hasSize(1);
            assertThat(sides.crm.records("Products")).hasSize(1);
            assertThat(sides.dinero.getRecord(DineroSimulator.PRODUCTS, productInDinero))
                    .containsEntry("Name", crmFirst ? "Konsulenttime" : "Konsulent, time");
            assertThat(sides.crm.get(product)).containsEntry("productname", crmFirst ? "Konsulenttime" : "Konsulent, time");
            if (crmFirst) {
                assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, personInDinero)).containsEntry("ExternalReference", person)
                        .containsEntry("Email", "karen@aeroe.dk");
            } else {
                assertThat(sides.crm.get(person)).containsEntry("email", "Karen@Aeroe.dk");
            }
            // Linked by VAT number, not duplicated; the priority side's name won on both sides.
            assertThat(sides.liveDineroCompanies()).hasSize(3);
            assertThat(sides.crmOrganizations()).hasSize(3);
            String name = crmFirst ? "Østergaard & Søn ApS" : "Østergaard og Søn";
            assertThat(sides.crm.get(shared)).containsEntry("accountname", name);
            assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, sharedInDinero)).containsEntry("Name", name);
            String dineroOnly = sides.crmOrganizations().stream()
                    .filter(a -> "Læsø Saltsyderi ApS".equals(a.get("accountname")))
                    .findFirst().orElseThrow().get("id").toString();

            // Both sides edit the shared record; each side edits one record alone.
            sides.crm.change(shared, Map.of("bill_city", "Aarhus N"));
            sides.dinero.updateRecord(DineroSimulator.CONTACTS, sharedInDinero, Map.of("City", "Aarhus V"));
            sides.crm.change(crmOnly, Map.of("phone", "+45 46 35 22 11"));
            sides.dinero.updateRecord(DineroSimulator.CONTACTS, dineroOnlyInDinero, Map.of("Phone", "98 49 13 23"));
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();

            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).isEqualTo("succeeded");
            String winner = crmFirst ? "Aarhus N" : "Aarhus V";
            assertThat(sides.crm.get(shared)).containsEntry("bill_city", winner);
            assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, sharedInDinero)).containsEntry("City", winner);
            assertThat(dineroContact(sides, crmOnly)).containsEntry("Phone", "+45 46 35 22 11");
            assertThat(sides.crm.get(dineroOnly)).containsEntry("phone", "98 49 13 23");
            long secondDineroWrites = sides.dinero.requestLog().count(SimulatedSides.WRITE);
            long secondCrmWrites = sides.crmWrites();

            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> third = SimulatedSides.runSync(api);

            assertThat(third.get("status")).isEqualTo("succeeded");
            System.out.printf("Both ways (%s): run 1 wrote %d to Dinero and %d to the CRM; run 2 wrote %d and %d;"
                            + " run 3 wrote %d and %d%n", priority, firstDineroWrites, firstCrmWrites, secondDineroWrites,
                    secondCrmWrites, sides.dinero.requestLog().count(SimulatedSides.WRITE), sides.crmWrites());
            // The shared record is written once, to the side without priority; each one-sided change once.
            assertThat(secondDineroWrites).isEqualTo(crmFirst ? 2 : 1);
            assertThat(secondCrmWrites).isEqualTo(crmFirst ? 1 : 2);
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
            assertThat(sides.crmWrites()).isZero();

            // Deletions are not propagated: each side's twin is kept, nothing is recreated, the run says so.
            String crmOnlyInDinero = dineroContact(sides, crmOnly).get("ContactGuid").toString();
            sides.crm.remove(crmOnly);
            sides.dinero.deleteRecord(DineroSimulator.CONTACTS, dineroOnlyInDinero);
            Map<String, Object> fourth = SimulatedSides.runSync(api);
            assertThat(fourth.get("status")).isEqualTo("succeeded");
            assertThat(fourth.get("message").toString())
                    .contains("organizations " + crmOnly + " was deleted in the CRM; the Dinero record is kept")
                    .contains("organizations " + dineroOnly + " was deleted in Dinero; the CRM record is kept");
            assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, crmOnlyInDinero).get("DeletedAt")).isNull();
            assertThat(sides.crm.get(dineroOnly)).isNotNull();
            assertThat(sides.liveDineroCompanies()).hasSize(2);
            assertThat(sides.crmOrganizations()).hasSize(2);
        }
    }

    private static Map<String, Object> dineroContact(SimulatedSides sides, String crmId) {
        return sides.liveDineroCompanies().stream().filter(r -> crmId.equals(r.get("ExternalReference"))).findFirst()
                .orElseThrow();
    }

    private static Map<String, String> account(String name, String vat, String city) {
        return Map.of("accountname", name, "cf_853", vat, "bill_city", city, "bill_country", "Denmark",
                "assigned_user_id", "");
    }

    private static Map<String, Object> company(String name, String vat, String city) {
        return Map.of("Name", name, "VatNumber", vat, "City", city, "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false);
    }
}
