package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sync.ConsoleTest.Browser;
import dk.simplydinero.sync.ConsoleTest.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code sync.direction=both} the console's Sync with Dinero is disabled with the reason, as the original module
 * does, and so is one record's Preview, in plain words (the API's 409), in English and Danish; the whole run's Preview
 * shows both directions.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=both",
        "spring.security.user.password=Operator-Pw-9a1b"})
class ConsoleOtherDirectionTest {

    static SimulatedSides sides;

    @Autowired
    Environment env;

    @Test
    void syncWithDineroIsDisabledWithTheReasonAndThePreviewSaysWhyNot(ApiClient api) throws Exception {
        String org = sides.crm.put("Accounts", Map.of("accountname", "Mandø Kro", "bill_city", "Mandø", "assigned_user_id", ""));
        Browser browser = new Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));

        Page found = browser.get("/records?module=organizations&q=mandø");
        assertThat(found.body()).contains("record-" + org).containsPattern("class=\"sync-record\"[^>]*disabled")
                .contains("Sync with Dinero works only when the sync goes from the CRM to Dinero "
                        + "(sync.direction=crm-to-dinero); it is both.");
        // pressed anyway (an old page): the API's route refuses it and nothing is written
        Page refused = browser.post("/records/organizations/" + org + "/sync", found, "q=mand");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(browser.get(refused.location().replaceFirst("^https?://[^/]+", "")).body())
                .contains("it is both.");
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

        // The whole run is previewed both ways (the organization goes to Dinero); one record's preview is refused
        // as its sync is.
        Page preview = browser.post("/sync/preview", browser.get("/sync"));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).doesNotContain("id=\"preview-refused\"").contains("id=\"run-it\"")
                .contains("id=\"preview-" + org + "\"").contains("<td class=\"direction\">CRM → Dinero</td>");
        Page recordPreview = browser.post("/records/organizations/" + org + "/preview", found);
        assertThat(recordPreview.body()).contains("id=\"preview-refused\"").contains("The preview of one record works "
                + "only when the sync goes from the CRM to Dinero (sync.direction=crm-to-dinero), as Sync with Dinero "
                + "does; the direction in force is both. Preview the whole run instead.").doesNotContain("id=\"run-it\"");
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

        Page dansk = browser.get("/records?module=organizations&q=mandø&lang=da");
        assertThat(dansk.body()).contains("Synkronisér med Dinero virker kun, når synkroniseringen går fra CRM til Dinero "
                + "(sync.direction=crm-to-dinero); den er both.");
        assertThat(browser.post("/records/organizations/" + org + "/preview", dansk).body())
                .contains("Forhåndsvisning af én post virker kun, når synkroniseringen går fra CRM til Dinero "
                        + "(sync.direction=crm-to-dinero), ligesom Synkronisér med Dinero; retningen i brug er both.");
    }
}
