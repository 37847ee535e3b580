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
 * does, and the Preview says in plain words that it previews crm-to-dinero only (the API's 409), in English and Danish.
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

        Page preview = browser.post("/sync/preview", browser.get("/sync"));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("id=\"preview-refused\"").contains("The preview shows only what a sync from "
                + "the CRM to Dinero would do (sync.direction=crm-to-dinero); the direction in force is both.")
                .doesNotContain("id=\"run-it\"");

        Page dansk = browser.get("/records?module=organizations&q=mandø&lang=da");
        assertThat(dansk.body()).contains("Synkronisér med Dinero virker kun, når synkroniseringen går fra CRM til Dinero "
                + "(sync.direction=crm-to-dinero); den er both.");
        assertThat(browser.post("/records/organizations/" + org + "/preview", dansk).body())
                .contains("Forhåndsvisningen viser kun, hvad en synkronisering fra CRM til Dinero ville gøre "
                        + "(sync.direction=crm-to-dinero); retningen i brug er both.");
    }
}
