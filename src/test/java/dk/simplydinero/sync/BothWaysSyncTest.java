package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sync.direction=both}, {@code sync.priority=crm-first}: records on both sides before the first run are linked
 * by VAT number, not duplicated; a record changed on both sides ends with the CRM's values on both; a change on
 * one side only is copied over either way; a further run writes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sync.direction=both", "sync.priority=crm-first", "sync.modules=organizations"})
class BothWaysSyncTest {

    static final SimulatedSides sides = new SimulatedSides();
    static String shared;
    static String crmOnly;
    static String dineroOnly;
    static String sharedInDinero;
    static String dineroOnlyInDinero;

    @DynamicPropertySource
    static void sides(DynamicPropertyRegistry registry) {
        shared = sides.crm.put("Accounts", account("Østergaard & Søn ApS", "DK11112222", "Aarhus C"));
        crmOnly = sides.crm.put("Accounts", account("Bøgelund Tømrer A/S", "DK22223333", "Roskilde"));
        sharedInDinero = sides.dinero.putContact(company("Østergaard og Søn", "DK11112222", "Århus"));
        dineroOnlyInDinero = sides.dinero.putContact(company("Læsø Saltsyderi ApS", "DK33334444", "Læsø"));
        sides.register(registry);
    }

    @AfterAll
    static void stop() {
        sides.close();
    }

    @LocalServerPort
    int port;

    @Test
    void theCrmWinsConflictsOneSidedChangesFlowBothWaysAndThenNothingMoves() {
        ApiClient api = new ApiClient(port, "admin", "sandbox");

        Map<String, Object> first = SimulatedSides.runSync(api);
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        // Linked by VAT number, not duplicated; CRM first, so the CRM's name won.
        assertThat(companies()).hasSize(3);
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, sharedInDinero)).containsEntry("Name", "Østergaard & Søn ApS")
                .containsEntry("City", "Aarhus C");
        assertThat(accounts()).hasSize(3);
        dineroOnly = accounts().stream().filter(a -> "Læsø Saltsyderi ApS".equals(a.get("accountname"))).findFirst()
                .orElseThrow().get("id").toString();

        // Both sides edit the shared record; each side edits one record alone.
        sides.crm.change(shared, Map.of("bill_city", "Aarhus N"));
        sides.dinero.updateRecord(DineroSimulator.CONTACTS, sharedInDinero, Map.of("City", "Aarhus V"));
        sides.crm.change(crmOnly, Map.of("phone", "+45 46 35 22 11"));
        sides.dinero.updateRecord(DineroSimulator.CONTACTS, dineroOnlyInDinero, Map.of("Phone", "98 49 13 23"));
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();

        Map<String, Object> second = SimulatedSides.runSync(api);

        assertThat(second.get("status")).isEqualTo("succeeded");
        assertThat(sides.crm.get(shared)).containsEntry("bill_city", "Aarhus N");
        assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, sharedInDinero)).containsEntry("City", "Aarhus N");
        assertThat(dineroContact(crmOnly)).containsEntry("Phone", "+45 46 35 22 11");
        assertThat(sides.crm.get(dineroOnly)).containsEntry("phone", "98 49 13 23");
        long secondDineroWrites = sides.dinero.requestLog().count(SimulatedSides.WRITE);
        long secondCrmWrites = sides.crmWrites();

        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
        Map<String, Object> third = SimulatedSides.runSync(api);

        assertThat(third.get("status")).isEqualTo("succeeded");
        System.out.printf("Both ways (crm-first): run 2 wrote %d to Dinero and %d to the CRM; run 3 wrote %d and %d%n",
                secondDineroWrites, secondCrmWrites, sides.dinero.requestLog().count(SimulatedSides.WRITE), sides.crmWrites());
        assertThat(secondDineroWrites).isEqualTo(2);
        assertThat(secondCrmWrites).isEqualTo(1);
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
        assertThat(sides.crmWrites()).isZero();
    }

    private static List<Map<String, Object>> companies() {
        return sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(r -> r.get("DeletedAt") == null && Boolean.FALSE.equals(r.get("IsPerson"))).toList();
    }

    private static List<Map<String, Object>> accounts() {
        return sides.crm.records("Accounts").stream()
                .filter(a -> !PrivateCustomers.NAME.equals(a.get("accountname"))).toList();
    }

    private static Map<String, Object> dineroContact(String crmId) {
        return companies().stream().filter(r -> crmId.equals(r.get("ExternalReference"))).findFirst().orElseThrow();
    }

    static Map<String, String> account(String name, String vat, String city) {
        return Map.of("accountname", name, "cf_853", vat, "bill_city", city, "bill_country", "Denmark",
                "assigned_user_id", "");
    }

    static Map<String, Object> company(String name, String vat, String city) {
        return Map.of("Name", name, "VatNumber", vat, "City", city, "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false);
    }
}
