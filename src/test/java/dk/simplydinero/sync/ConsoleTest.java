package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console at / (issue 12, part 1) over real HTTP as a browser uses it: the form login, the pages, Sync now and
 * Retry through their forms (with the CSRF token), Danish and English, a viewer's disabled buttons, and no secret on
 * any page. In this package for the {@link SimulatedService} harness (both simulators, the service on a port).
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Operator-Pw-8d2f",
        "security.viewer.name=reader", "security.viewer.password=Viewer-Pw-31"})
class ConsoleTest {

    static SimulatedSides sides;
    static String nameless;

    @Autowired
    Environment env;

    @Autowired
    dk.simplydinero.store.FailureStore failureStore;

    @Autowired
    SyncRuns syncRuns;

    @BeforeAll
    static void seed() {
        sides.crm.put("Accounts", Map.of("accountname", "Fanø Bolcher ApS", "bill_city", "Nordby", "assigned_user_id", ""));
        // A name Dinero requires is missing: the run lists it as failed, the console retries it after the fix.
        nameless = sides.crm.put("Accounts", Map.of("accountname", "", "bill_city", "Sønderho", "assigned_user_id", ""));
    }

    @Test
    void anOperatorSyncsSeesTheRunAndRetriesAFailureAndNoPageShowsASecret(ApiClient api) throws Exception {
        Browser browser = new Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));

        Page connection = browser.get("/");
        assertThat(connection.status).isEqualTo(200);
        assertThat(connection.body).contains("Connection").contains("Simply CRM").contains("Dinero")
                .contains("dinero.api-key").contains("********");

        Page syncPage = browser.get("/sync");
        assertThat(syncPage.body).contains("id=\"sync-now\"").doesNotContain("id=\"sync-disabled\"");
        Page started = browser.post("/sync", syncPage);
        assertThat(started.status).isEqualTo(302);
        assertThat(started.location).endsWith("/sync");
        long runId = api.get("/api/runs").json().get(0).get("id").asLong();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"running".equals(api.get("/api/runs/" + runId).json().get("status").asText()));

        Page run = browser.get("/runs/" + runId);
        assertThat(run.body).contains("partly done (some records failed)");
        // organizations: 2 processed, 1 created, 0 updated, 0 unchanged, 0 skipped, 1 failed
        assertThat(run.body.replaceAll("\\s+", "")).contains("<td>Organizations</td><td>2</td><td>1</td><td>0</td>"
                + "<td>0</td><td>0</td><td>1</td>");
        assertThat(run.body).contains(nameless).contains("accountname");
        assertThat(browser.get("/runs").body).contains("/runs/" + runId).contains("Organizations");

        Page failures = browser.get("/failures");
        String crmUrl = env.getRequiredProperty("simplycrm.url");
        String record = nameless.substring(nameless.indexOf('x') + 1);
        assertThat(failures.body).contains("href=\"" + crmUrl + "/index.php?module=Accounts&amp;view=Detail&amp;record="
                + record + "\"").contains("accountname");
        long failureId = api.get("/api/failures").json().get(0).get("id").asLong();

        // fixed in the CRM, then Retry in the console
        sides.crm.change(nameless, Map.of("accountname", "Sønderho Røgeri"));
        Page retried = browser.post("/failures/" + failureId + "/retry", failures);
        assertThat(retried.status).isEqualTo(302);
        Page after = browser.get("/failures");
        assertThat(after.body).contains("Failure " + failureId + " tried again: created; resolved: true.")
                .contains("No open failures.");
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).extracting(c -> c.get("Name"))
                .contains("Fanø Bolcher ApS", "Sønderho Røgeri");

        Page mapping = browser.get("/mapping");
        assertThat(mapping.body).contains("id=\"mapping-organizations-crm-to-dinero\"").contains("accountname");

        // A reason a remote server wrote with a secret in it (stored as it came) is shown masked, as /api/** does.
        String apiKey = env.getRequiredProperty("dinero.api-key");
        failureStore.record(runId, dk.simplydinero.store.FailureStore.Direction.CRM_TO_DINERO, SyncModule.CONTACTS,
                "dinero", "12x999", null, "ECHO", "Dinero answered: the key " + apiKey + " may not do this");
        for (String path : List.of("/failures", "/runs/" + runId)) {
            assertThat(browser.get(path).body).as(path).contains("the key ****").doesNotContain(apiKey)
                    // recorded without names (as failures before they were kept): a dash on both sides
                    .containsPattern("(?s)id=\"failure-\\d+\"(?:(?!</tr>).)*<span class=\"crm-name\">—</span>(?:(?!</tr>).)*"
                            + "<span class=\"dinero-name\">—</span>(?:(?!</tr>).)*the key \\*\\*\\*\\*");
        }
        failureStore.resolve(SyncModule.CONTACTS, "12x999");

        // Nothing on any page shows a secret in force.
        List<String> secrets = List.of(env.getRequiredProperty("simplycrm.access-key"),
                env.getRequiredProperty("dinero.api-key"), env.getRequiredProperty("dinero.client-secret"),
                env.getRequiredProperty("spring.security.user.password"), "Viewer-Pw-31");
        for (String path : List.of("/", "/sync", "/sync/progress", "/runs", "/runs/" + runId, "/failures", "/mapping")) {
            Page page = browser.get(path);
            assertThat(page.status).as(path).isEqualTo(200);
            for (String secret : secrets) {
                assertThat(page.body).as(path).doesNotContain(secret);
            }
        }
    }

    @Test
    void aViewerSeesButCannotSyncAndAFormWithoutTheCsrfTokenIsRefused(ApiClient api) throws Exception {
        int runsBefore = api.get("/api/runs").json().size();
        Browser viewer = new Browser(api);
        viewer.login("reader", "Viewer-Pw-31");

        Page sync = viewer.get("/sync");
        assertThat(sync.body).containsPattern("id=\"sync-now\"[^>]*disabled")
                .contains("Your user may look but not start runs (role viewer)");
        assertThat(viewer.post("/sync", sync).status).isEqualTo(403);
        assertThat(viewer.get("/failures").body).contains("Your user may look but not retry (role viewer).");

        Browser operator = new Browser(api);
        operator.login("admin", env.getRequiredProperty("spring.security.user.password"));
        assertThat(operator.postWithoutToken("/sync").status).isEqualTo(403);

        assertThat(api.get("/api/runs").json().size()).as("no run started").isEqualTo(runsBefore);
    }

    @Test
    void whileARunGoesTheButtonSaysWhyItIsDisabledAndTheProgressShowsTheLiveCounts(ApiClient api) throws Exception {
        Browser browser = new Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        // a run held open by the test, so the page is seen while it goes (no timing involved)
        long runId = syncRuns.begin(SyncRuns.MANUAL);
        try {
            syncRuns.count(runId, SyncModule.ORGANIZATIONS, WriteOutcome.of(WriteOutcome.Action.CREATED, "d-1"));
            syncRuns.count(runId, SyncModule.ORGANIZATIONS, WriteOutcome.of(WriteOutcome.Action.CREATED, "d-2"));
            syncRuns.count(runId, SyncModule.ORGANIZATIONS, WriteOutcome.of(WriteOutcome.Action.UNCHANGED, "d-3"));

            Page sync = browser.get("/sync");
            assertThat(sync.body).containsPattern("id=\"sync-now\"[^>]*disabled")
                    .contains("A run is going (run " + runId + "): wait for it to end.")
                    .contains("data-running=\"true\"");
            Page progress = browser.get("/sync/progress");
            // organizations: 3 processed, 2 created, 0 updated, 1 unchanged (the live counts, not yet stored)
            assertThat(progress.body.replaceAll("\\s+", "")).contains("id=\"run-status\">running<")
                    .contains("<tdclass=\"processed\"><progress></progress><span>3</span></td><tdclass=\"created\">2</td>"
                            + "<tdclass=\"updated\">0</td><tdclass=\"unchanged\">1</td>");

            // pressed anyway (a second tab): the run going is named, none is started
            Page refused = browser.post("/sync", sync);
            assertThat(refused.status).isEqualTo(302);
            assertThat(browser.get("/sync").body).contains("id=\"problem\"").contains("A sync run is in progress (run " + runId + ")");
        } finally {
            syncRuns.finish(runId);
        }
        assertThat(browser.get("/sync").body).doesNotContain("id=\"sync-disabled\"")
                .contains("data-running=\"false\"");
    }

    @Test
    void danishByTheBrowsersLanguageOrByChoice(ApiClient api) throws Exception {
        Browser browser = new Browser(api);
        browser.language = "da-DK,da;q=0.9,en;q=0.5";
        assertThat(browser.get("/login").body).contains("Brugernavn").contains("Adgangskode");
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
        assertThat(browser.get("/").body).contains("<html lang=\"da\"").contains("Forbindelse")
                .contains("Indstillinger i brug");
        // switched to English: kept for the session
        assertThat(browser.get("/?lang=en").body).contains("Settings in force");
        assertThat(browser.get("/runs").body).contains("Recent runs");

        Browser english = new Browser(api);
        english.language = "de-DE,de;q=0.9";
        english.login("admin", env.getRequiredProperty("spring.security.user.password"));
        assertThat(english.get("/").body).as("a language the console lacks: English").contains("Settings in force");
        assertThat(english.get("/?lang=da").body).contains("Indstillinger i brug");
    }

    record Page(int status, String body, String location) {
    }

    /** A browser: keeps cookies, does not follow redirects, asks for HTML in its language. */
    static final class Browser {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        private final String base;
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(10)).build();
        String language = "en-GB,en;q=0.9";

        Browser(ApiClient api) {
            this.base = api.baseUrl();
        }

        void login(String user, String password) throws Exception {
            Page form = get("/login");
            Page done = send(request("/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(user) + "&password=" + encode(password)
                            + "&_csrf=" + encode(token(form)))));
            assertThat(done.status).isEqualTo(302);
            assertThat(done.location).doesNotContain("error");
        }

        Page get(String path) throws Exception {
            return send(request(path).GET());
        }

        /** The answer to a GET as bytes (a PDF), with its status and headers. */
        HttpResponse<byte[]> fetch(String path) throws Exception {
            return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** Submits a form of {@code page} (its CSRF token) to {@code path}. */
        Page post(String path, Page page) throws Exception {
            return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(token(page)))));
        }

        /** As {@link #post(String, Page)} with more form fields ({@code name=value&…}, encoded). */
        Page post(String path, Page page, String fields) throws Exception {
            return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + encode(token(page)) + "&" + fields)));
        }

        Page postWithoutToken(String path) throws Exception {
            return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.noBody()));
        }

        private static String token(Page page) {
            Matcher csrf = CSRF.matcher(page.body);
            assertThat(csrf.find()).as("CSRF field in the form").isTrue();
            return csrf.group(1);
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "text/html").header("Accept-Language", language);
        }

        private Page send(HttpRequest.Builder request) throws Exception {
            HttpResponse<String> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(answer.statusCode(), answer.body(), answer.headers().firstValue("Location").orElse(""));
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
