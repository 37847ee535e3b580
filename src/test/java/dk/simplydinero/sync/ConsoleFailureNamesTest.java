package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A contact Dinero refuses (CRM → Dinero): the console's Failures page and the run's page name it on both sides (the
 * CRM's last and first name, the Dinero contact's Name), show Dinero's code and link to the contact in the CRM;
 * {@code GET /api/failures} answers the names.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Operator-Pw-5e1a"})
class ConsoleFailureNamesTest {

    static SimulatedSides sides;
    static String contact;

    @Autowired
    Environment env;

    @BeforeAll
    static void seed() {
        contact = sides.crm.put("Contacts", Map.of("firstname", "Jens", "lastname", "Hansen",
                "email", "jens@fanoe-bolcher.dk", "assigned_user_id", ""));
        sides.dinero.refuseWrites("contacts.create", "Email", "The Email 'jens@fanoe-bolcher.dk' is not accepted.");
    }

    @Test
    void aContactDineroRefusedShowsBothNamesTheCodeAndTheCrmLink(ApiClient api) throws Exception {
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).isEqualTo("partial");
        JsonNode failure = FailedRecords.failure(api.get("/api/failures").json(), contact);

        ConsoleTest.Browser browser = new ConsoleTest.Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        String crmLink = env.getRequiredProperty("simplycrm.url") + "/index.php?module=Contacts&amp;view=Detail&amp;record="
                + contact.substring(contact.indexOf('x') + 1);
        for (String path : new String[] {"/failures", "/runs/" + run.get("id")}) {
            String row = row(browser.get(path).body(), failure.get("id").asLong());
            assertThat(row).as(path).contains("<span class=\"crm-name\">Hansen, Jens</span>")
                    .contains("<span class=\"dinero-name\">Jens Hansen</span>")
                    .contains("<td class=\"code\">dinero 42</td>")
                    .contains("href=\"" + crmLink + "\"");
        }

        assertThat(failure.path("crmName").asText()).isEqualTo("Hansen, Jens");
        assertThat(failure.path("dineroName").asText()).isEqualTo("Jens Hansen");
        assertThat(failure.path("code").asText()).isEqualTo("42");
    }

    /** The table row of failure {@code id} on a page, whitespace between tags dropped. */
    static String row(String page, long id) {
        Matcher row = Pattern.compile("<tr[^>]*id=\"failure-" + id + "\".*?</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as("row of failure " + id + " in " + page).isTrue();
        return row.group().replaceAll(">\\s+<", "><").replaceAll("\\s+", " ");
    }
}
