package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.ConsoleTest.Browser;
import dk.simplydinero.sync.ConsoleTest.Page;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Records and Preview pages (issue 12, parts 1 and 2) over real HTTP as a browser uses them: a contact
 * found by part of its name (a VTQL LIKE in the CRM simulator) and synced with Dinero, its link in step and then
 * changed, the dry run's preview of it field by field before → after, a viewer's disabled buttons, Danish, and no
 * secret on the pages.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Operator-Pw-5c7e",
        "security.viewer.name=reader", "security.viewer.password=Viewer-Pw-62"})
class ConsoleRecordsTest {

    static SimulatedSides sides;
    static String karen;
    static String bent;
    static String viggo;

    @Autowired
    Environment env;

    @BeforeAll
    static void seed() {
        Map<String, String> karenFields = new java.util.LinkedHashMap<>(CrmRecordsInDinero.contact("Karen", "Krogsgaard",
                "karen@krogsgaard.dk"));
        karenFields.put("mailingcity", "Ribe");
        karen = sides.crm.put("Contacts", karenFields);
        bent = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Bent", "Holm", "bent@holm.dk"));
        viggo = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Viggo", "Vestergaard", "viggo@vest.dk"));
    }

    private Browser operator(ApiClient api) throws Exception {
        Browser browser = new Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        return browser;
    }

    @Test
    void anOperatorFindsAContactByPartOfItsNameSyncsItAndPreviewsAChangeFieldByField(ApiClient api) throws Exception {
        Browser browser = operator(api);

        Page found = browser.get("/records?module=contacts&q=krogs");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains("id=\"record-" + karen + "\"").contains("Krogsgaard, Karen")
                .doesNotContain("record-" + bent).doesNotContain("record-" + viggo)
                .contains("not linked").doesNotContain("id=\"sync-disabled\"");
        assertThat(found.body()).containsPattern("class=\"sync-record\"(?![^>]*disabled)[^>]*>Sync with Dinero<");
        // by the first name too, and any case
        assertThat(browser.get("/records?module=contacts&q=VIGG").body()).contains("record-" + viggo)
                .doesNotContain("record-" + karen);
        assertThat(browser.get("/records?module=contacts&q=nobody-by-this-name").body()).contains("No record found.");

        Page synced = browser.post("/records/contacts/" + karen + "/sync", found, "q=krogs");
        assertThat(synced.status()).isEqualTo(302);
        assertThat(synced.location()).endsWith("/records?module=contacts&q=krogs");
        Map<String, Object> inDinero = sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(c -> "Karen Krogsgaard".equals(c.get("Name"))).findFirst().orElseThrow();
        assertThat(inDinero.get("City")).isEqualTo("Ribe");
        assertThat(inDinero.get("Email")).isEqualTo("karen@krogsgaard.dk");
        String guid = String.valueOf(inDinero.get("ContactGuid"));
        Page after = browser.get("/records?module=contacts&q=krogs");
        assertThat(after.body()).contains("Record " + karen + " synced with Dinero: created (Dinero id " + guid + ").");
        assertThat(after.body().replaceAll("\\s+", " ")).contains("<td class=\"dinero-id\">" + guid + "</td>")
                .contains("<td class=\"state\">yes</td>");
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).extracting(c -> c.get("Name"))
                .doesNotContain("Bent Holm");

        // moved in the CRM: the link is no longer in step, and the preview says what a sync would change
        sides.crm.change(karen, Map.of("mailingcity", "Esbjerg"));
        Page changed = browser.get("/records?module=contacts&q=krogs");
        assertThat(changed.body()).contains("<td class=\"state\">changed in the CRM since</td>");
        sides.crm.requestLog().clear();
        sides.dinero.requestLog().clear();
        Page preview = browser.post("/records/contacts/" + karen + "/preview", changed);
        assertThat(preview.status()).isEqualTo(200);
        String flat = preview.body().replaceAll("\\s+", " ").replace("> <", "><");
        assertThat(flat).contains("<tr data-field=\"City\"><th>City</th><td class=\"before\">Ribe</td><td>→</td>"
                + "<td class=\"after\">Esbjerg</td></tr>");
        assertThat(flat).contains("<td class=\"action\">update</td>").doesNotContain("data-field=\"Email\"");
        assertThat(preview.body()).contains("id=\"run-it\"").contains("action=\"/records/contacts/" + karen + "/sync\"");
        assertThat(sides.crmWrites()).as("CRM writes of the preview").isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the preview").isZero();

        // the whole run's preview: the change, and the two contacts never synced as creates, with the counts
        Page run = browser.post("/sync/preview", browser.get("/sync"));
        assertThat(run.status()).isEqualTo(200);
        String all = run.body().replaceAll("\\s+", " ").replace("> <", "><");
        assertThat(all).contains("<td class=\"after\">Esbjerg</td>").contains("id=\"preview-" + bent + "\"")
                .contains("<th>Name</th><td>Bent Holm</td>");
        // contacts: 2 creates (Bent, Viggo), 1 update (Karen)
        assertThat(all).contains("<tr class=\"preview-counts\"><td class=\"create\">2</td><td class=\"update\">1</td>"
                + "<td class=\"unchanged\">0</td><td class=\"skip\">0</td><td class=\"fail\">0</td></tr>");
        assertThat(run.body()).contains("action=\"/sync\"").contains("id=\"run-it\"");
        assertThat(sides.crmWrites()).isZero();
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();

        // Run it (the single record): Dinero then holds the change
        Page ran = browser.post("/records/contacts/" + karen + "/sync", preview);
        assertThat(ran.status()).isEqualTo(302);
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(c -> guid.equals(String.valueOf(c.get("ContactGuid")))).findFirst().orElseThrow().get("City"))
                .isEqualTo("Esbjerg");

        // Nothing on the pages shows a secret in force.
        List<String> secrets = List.of(env.getRequiredProperty("simplycrm.access-key"),
                env.getRequiredProperty("dinero.api-key"), env.getRequiredProperty("dinero.client-secret"),
                env.getRequiredProperty("spring.security.user.password"), "Viewer-Pw-62");
        for (Page page : List.of(found, after, changed, preview, run, browser.get("/records"))) {
            for (String secret : secrets) {
                assertThat(page.body()).doesNotContain(secret);
            }
        }
    }

    @Test
    void aSearchPagesTwentyAtATimeAndTakesAQuoteInTheName(ApiClient api) throws Exception {
        // products, so the contacts previewed in the other test stay as they are
        List<String> teas = new java.util.ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            teas.add(sides.crm.put("Products", Map.of("productname", "Grøn te nr. " + i, "unit_price", "45.00",
                    "assigned_user_id", "")));
        }
        String irish = sides.crm.put("Products", Map.of("productname", "O'Brien's Irish Breakfast", "unit_price", "52.00",
                "assigned_user_id", ""));
        Browser browser = operator(api);

        String first = browser.get("/records?module=products&q=gr%C3%B8n+te").body();
        String second = browser.get("/records?module=products&q=gr%C3%B8n+te&page=1").body();
        assertThat(first).contains("record-" + teas.get(0) + "\"").contains("record-" + teas.get(19) + "\"")
                .doesNotContain("record-" + teas.get(20) + "\"").doesNotContain("id=\"previous\"");
        assertThat(second).contains("record-" + teas.get(20) + "\"").contains("record-" + teas.get(21) + "\"")
                .doesNotContain("record-" + teas.get(19) + "\"").contains("id=\"previous\"");
        assertThat(browser.get("/records?module=products&q=gr%C3%B8n+te&page=2").body()).contains("No record found.");

        assertThat(browser.get("/records?module=products&q=o%27brien").body()).contains("record-" + irish + "\"")
                .contains("O&#39;Brien&#39;s Irish Breakfast").doesNotContain("Grøn te");
    }

    @Test
    void aViewerFindsRecordsButCannotSyncOrPreview(ApiClient api) throws Exception {
        Browser viewer = new Browser(api);
        viewer.login("reader", "Viewer-Pw-62");
        Page found = viewer.get("/records?module=contacts&q=holm");
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body()).contains("record-" + bent)
                .contains("Your user may look but not sync (role viewer); ask an operator.")
                .containsPattern("class=\"sync-record\"[^>]*disabled").containsPattern("class=\"preview-record\"[^>]*disabled");
        assertThat(viewer.get("/sync").body()).containsPattern("id=\"preview\"[^>]*disabled");
        assertThat(viewer.post("/records/contacts/" + bent + "/sync", found).status()).isEqualTo(403);
        assertThat(viewer.post("/records/contacts/" + bent + "/preview", found).status()).isEqualTo(403);
        assertThat(viewer.post("/sync/preview", found).status()).isEqualTo(403);
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).extracting(c -> c.get("Name"))
                .doesNotContain("Bent Holm");
    }

    @Test
    void inDanish(ApiClient api) throws Exception {
        Browser browser = new Browser(api);
        browser.language = "da-DK,da;q=0.9";
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        Page found = browser.get("/records?module=contacts&q=vester");
        assertThat(found.body()).contains("<html lang=\"da\"").contains("Find en post i CRM")
                .contains("Synkronisér med Dinero").contains("ikke koblet").contains("Vestergaard, Viggo");
        Page preview = browser.post("/records/contacts/" + viggo + "/preview", found);
        assertThat(preview.body()).contains("Forhåndsvisning").contains("Kør den").contains("<td class=\"action\">opret</td>")
                .contains("Intet er skrevet");
    }
}
