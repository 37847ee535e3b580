package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without a VAT field ({@code simplycrm.vat-field} empty, the default on a real installation) an organization that
 * exists on both sides is recognised by its e-mail (case and surrounding blanks ignored), in every direction that
 * creates records: one record on each side, linked, never a second one. The Dinero company has a VAT number the CRM
 * cannot hold, so the e-mail is the only key both sides share.
 */
@ExtendWith(Simulators.class)
class OrganizationsByEmailTest {

    @ParameterizedTest
    @ValueSource(strings = {"both", "dinero-to-crm", "crm-to-dinero"})
    void anOrganizationOnBothSidesWithTheSameEmailIsLinkedNotDuplicated(String direction, SimulatedSides sides) {
        String account = sides.crm.put("Accounts", Map.of("accountname", "Østergaard & Søn ApS",
                "email1", "info@oestergaard.dk", "bill_city", "Aarhus C", "bill_country", "Denmark",
                "assigned_user_id", ""));
        String company = sides.dinero.putContact(Map.of("Name", "Østergaard og Søn", "Email", " Info@Oestergaard.DK",
                "VatNumber", "DK11112222", "City", "Århus", "CountryKey", "DK", "IsPerson", false, "IsMember", false,
                "UseCvr", false));
        try (ConfigurableApplicationContext service = sides.startService("--simplycrm.vat-field=",
                "--sync.direction=" + direction, "--sync.priority=dinero-first", "--sync.modules=organizations")) {
            ApiClient api = SimulatedSides.api(service);

            Map<String, Object> first = SimulatedSides.runSync(api);

            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(sides.crmOrganizations()).extracting(a -> a.get("id")).containsExactly(account);
            assertThat(sides.liveDineroCompanies()).extracting(c -> c.get("ContactGuid")).containsExactly(company);
            if (direction.equals("crm-to-dinero")) {
                assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, company))
                        .containsEntry("Name", "Østergaard & Søn ApS").containsEntry("City", "Aarhus C");
            } else {
                assertThat(sides.crm.get(account)).containsEntry("accountname", "Østergaard og Søn")
                        .containsEntry("bill_city", "Århus");
            }

            // Linked: a change on the source side reaches the very record on the other side, still one each.
            if (direction.equals("crm-to-dinero")) {
                sides.crm.change(account, Map.of("bill_city", "Aarhus N"));
            } else {
                sides.dinero.updateRecord(DineroSimulator.CONTACTS, company, Map.of("City", "Aarhus V"));
            }
            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            if (direction.equals("crm-to-dinero")) {
                assertThat(sides.dinero.getRecord(DineroSimulator.CONTACTS, company)).containsEntry("City", "Aarhus N");
            } else {
                assertThat(sides.crm.get(account)).containsEntry("bill_city", "Aarhus V");
            }
            assertThat(sides.crmOrganizations()).hasSize(1);
            assertThat(sides.liveDineroCompanies()).hasSize(1);
        }
    }
}
