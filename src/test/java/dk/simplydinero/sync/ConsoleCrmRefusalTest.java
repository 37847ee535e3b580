package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Dinero person the CRM refuses (Dinero → CRM; the installation rejects a second contact with the same last name):
 * the console's Failures page names it on both sides, the Dinero contact's Name and the CRM contact it would have
 * become.
 */
@SimulatedService(properties = {"sync.direction=dinero-to-crm", "sandbox.sync-at-start=false",
        "spring.security.user.password=Operator-Pw-77c4"})
class ConsoleCrmRefusalTest {

    static SimulatedSides sides;
    static String guid;

    @Autowired
    Environment env;

    @BeforeAll
    static void seed() {
        sides.crm.put("Contacts", Map.of("firstname", "Karen", "lastname", "Hansen", "email", "karen@hansen.dk",
                "assigned_user_id", ""));
        sides.crm.rejectDuplicates("Contacts", "lastname");
        guid = sides.dinero.putContact(Map.of("Name", "Jens Hansen", "Email", "jens@fanoe-bolcher.dk",
                "CountryKey", "DK", "IsPerson", true, "IsMember", false, "UseCvr", false));
    }

    @Test
    void aDineroPersonTheCrmRefusedShowsBothNames(ApiClient api) throws Exception {
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).isEqualTo("partial");
        JsonNode failure = null;
        for (JsonNode f : api.get("/api/failures").json()) {
            if (guid.equals(f.get("dineroId").asText())) {
                failure = f;
            }
        }
        assertThat(failure).as("the failure of Dinero contact " + guid).isNotNull();
        assertThat(failure.get("side").asText()).isEqualTo("crm");

        ConsoleTest.Browser browser = new ConsoleTest.Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        String row = ConsoleFailureNamesTest.row(browser.get("/failures").body(), failure.get("id").asLong());
        assertThat(row).contains("<span class=\"crm-name\">Hansen, Jens</span>")
                .contains("<span class=\"dinero-name\">Jens Hansen</span>")
                .contains(guid).contains("Duplicate(s) detected!");

        assertThat(failure.path("crmName").asText()).isEqualTo("Hansen, Jens");
        assertThat(failure.path("dineroName").asText()).isEqualTo("Jens Hansen");
    }
}
