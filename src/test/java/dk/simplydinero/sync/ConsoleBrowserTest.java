package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs when missing) driven by Selenium. Logs in through the form, presses Sync now and sees the
 * run's counts, retries a failure, switches to Danish, and logs in to Hawtio landing on Hawtio; finds a contact by
 * name, syncs it with Dinero and previews a change of it field by field before Run it; sees an invoice's payments in
 * Money and follows its receipt link to the PDF. Screenshots of each
 * step are saved under {@code target/screenshots/}.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "spring.security.user.password=Browser-Pw-4e1a"})
class ConsoleBrowserTest {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static SimulatedSides sides;
    static String nameless;
    static WebDriver browser;

    @BeforeAll
    static void seedAndStartTheBrowser() throws IOException {
        sides.crm.put("Accounts", Map.of("accountname", "Rømø Is ApS", "bill_city", "Havneby", "assigned_user_id", ""));
        nameless = sides.crm.put("Accounts", Map.of("accountname", "", "bill_city", "Lakolk", "assigned_user_id", ""));

        assertThat(new File(CHROMIUM)).as("Chromium (apt-get install chromium chromium-driver; .ci/run does it)").exists();
        assertThat(new File(CHROMEDRIVER)).as("chromedriver (apt-get install chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // root in a container: no sandbox; a small /dev/shm: use /tmp
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    /**
     * Logged out after each test: each starts at the login form, whichever runs first. The browser first leaves the
     * page it is on for a plain page of the service: Hawtio's page keeps polling, and with its login gone it navigates
     * by itself, so the next test's navigation away from it could wait for a page load until Selenium's 300 s timeout.
     */
    @AfterEach
    void logOut() {
        java.net.URI at = java.net.URI.create(browser.getCurrentUrl());
        if (at.getScheme() != null && at.getScheme().startsWith("http")) {
            browser.get(at.getScheme() + "://" + at.getAuthority() + "/login");
        }
        browser.manage().deleteAllCookies();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void logInSyncRetrySwitchToDanishAndLandOnHawtio(ApiClient api) throws IOException {
        String base = api.baseUrl();
        Wait<WebDriver> wait = pageWait();

        // an anonymous browser at / is sent to the login form; after it, the console
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("00-login");
        logIn("admin", "Browser-Pw-4e1a");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Connection"));
        assertThat(browser.getCurrentUrl()).matches(base + "/(\\?continue)?");
        assertThat(browser.findElement(By.id("side-crm")).getText()).contains("Simply CRM");
        screenshot("01-connection");

        // Sync now: the run's counts arrive (the page polls while the run goes and reloads at its end)
        browser.findElement(By.linkText("Sync now")).click();
        browser.findElement(By.id("sync-now")).click();
        wait.until(ExpectedConditions.textToBe(By.id("run-status"), "partly done (some records failed)"));
        WebElement organizations = browser.findElement(By.id("module-organizations"));
        assertThat(organizations.findElement(By.className("processed")).getText()).isEqualTo("2");
        assertThat(organizations.findElement(By.className("created")).getText()).isEqualTo("1");
        assertThat(organizations.findElement(By.className("failed")).getText()).isEqualTo("1");
        screenshot("02-sync-done");

        // the failure, with its CRM link; fixed in the CRM, then Retry
        browser.findElement(By.linkText("Failures")).click();
        WebElement crmLink = browser.findElement(By.className("crm-link"));
        assertThat(crmLink.getText()).isEqualTo(nameless);
        assertThat(crmLink.getAttribute("href")).endsWith("/index.php?module=Accounts&view=Detail&record="
                + nameless.substring(nameless.indexOf('x') + 1));
        screenshot("03-failures");
        sides.crm.change(nameless, Map.of("accountname", "Lakolk Kro"));
        browser.findElement(By.className("retry")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("retried")));
        assertThat(browser.findElement(By.id("retried")).getText()).endsWith("tried again: created; resolved: true.");
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).extracting(c -> c.get("Name")).contains("Lakolk Kro");
        screenshot("04-retried");

        // Danish
        browser.findElement(By.id("lang-da")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Fejlede poster"));
        browser.findElement(By.linkText("Forbindelse")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Forbindelse"));
        screenshot("05-dansk");

        // Hawtio in a fresh session: the login form, then Hawtio itself (not /favicon.ico)
        browser.manage().deleteAllCookies();
        browser.get(base + "/actuator/hawtio/");
        wait.until(ExpectedConditions.urlContains("/login"));
        logIn("admin", "Browser-Pw-4e1a");
        wait.until(ExpectedConditions.urlContains("/actuator/hawtio"));
        assertThat(browser.getCurrentUrl()).doesNotContain("favicon").doesNotContain("/login");
        // Hawtio's front end has loaded its plugins and shows the Camel tab
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[normalize-space(text())='Camel']")));
        screenshot("06-hawtio");
    }

    @Test
    void findAContactByNameSyncItAndPreviewAChangeBeforeRunningIt(ApiClient api) throws IOException {
        String base = api.baseUrl();
        Wait<WebDriver> wait = pageWait();
        Map<String, String> fields = new java.util.LinkedHashMap<>(CrmRecordsInDinero.contact("Ingrid", "Iversen",
                "ingrid@iversen.dk"));
        fields.put("mailingcity", "Tønder");
        String ingrid = sides.crm.put("Contacts", fields);
        String ole = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Ole", "Olsen", "ole@olsen.dk"));

        browser.manage().deleteAllCookies();
        browser.get(base + "/records?module=contacts");
        wait.until(ExpectedConditions.urlContains("/login"));
        logIn("admin", "Browser-Pw-4e1a");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Find a CRM record"));

        // part of the last name finds Ingrid, not Ole
        browser.findElement(By.id("q")).sendKeys("ivers");
        browser.findElement(By.id("find")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("record-" + ingrid)));
        assertThat(browser.findElements(By.id("record-" + ole))).isEmpty();
        WebElement row = browser.findElement(By.id("record-" + ingrid));
        assertThat(row.findElement(By.className("name")).getText()).isEqualTo("Iversen, Ingrid");
        assertThat(row.findElement(By.className("dinero-id")).getText()).isEqualTo("not linked");
        screenshot("07-records-found");

        // Sync with Dinero: created there, and the row shows the link in step
        row.findElement(By.className("sync-record")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("synced")));
        Map<String, Object> inDinero = sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(c -> "Ingrid Iversen".equals(c.get("Name"))).findFirst().orElseThrow();
        assertThat(inDinero.get("City")).isEqualTo("Tønder");
        String guid = String.valueOf(inDinero.get("ContactGuid"));
        assertThat(browser.findElement(By.id("synced")).getText())
                .isEqualTo("Record " + ingrid + " synced with Dinero: created (Dinero id " + guid + ").");
        row = browser.findElement(By.id("record-" + ingrid));
        assertThat(row.findElement(By.className("dinero-id")).getText()).isEqualTo(guid);
        assertThat(row.findElement(By.className("state")).getText()).isEqualTo("yes");
        screenshot("08-record-synced");

        // moved in the CRM: the preview shows the city before → after, and Run it writes it
        sides.crm.change(ingrid, Map.of("mailingcity", "Højer"));
        browser.navigate().refresh();
        row = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("record-" + ingrid)));
        assertThat(row.findElement(By.className("state")).getText()).isEqualTo("changed in the CRM since");
        row.findElement(By.className("preview-record")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Preview"));
        WebElement city = browser.findElement(By.cssSelector("tr[data-field=City]"));
        assertThat(city.findElement(By.className("before")).getText()).isEqualTo("Tønder");
        assertThat(city.findElement(By.className("after")).getText()).isEqualTo("Højer");
        assertThat(browser.findElement(By.id("preview-" + ingrid)).findElement(By.className("action")).getText())
                .isEqualTo("update");
        screenshot("09-preview");
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(c -> guid.equals(String.valueOf(c.get("ContactGuid")))).findFirst().orElseThrow().get("City"))
                .as("the preview wrote nothing").isEqualTo("Tønder");
        browser.findElement(By.id("run-it")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("synced")));
        assertThat(browser.findElement(By.id("synced")).getText())
                .isEqualTo("Record " + ingrid + " synced with Dinero: updated (Dinero id " + guid + ").");
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS).stream()
                .filter(c -> guid.equals(String.valueOf(c.get("ContactGuid")))).findFirst().orElseThrow().get("City"))
                .isEqualTo("Højer");
        screenshot("10-run-it");
    }

    /**
     * Issue 14: Money shows a booked invoice's payments as a user reads them and links its receipt; the link, followed
     * in the browser with the console's session, answers the PDF Dinero made of the invoice.
     */
    @Test
    void openMoneySeeAnInvoicesPaymentsAndFollowItsReceiptLink(ApiClient api) throws IOException {
        String base = api.baseUrl();
        Wait<WebDriver> wait = pageWait();
        // a customer (a contact: the other tests count the organizations), a product and an invoice, each synced
        // alone; then booked in Dinero and paid in part
        String customer = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Jens", "Jul", "jens@jul.dk"));
        String product = sides.crm.put("Products", Map.of("productname", "Juletræ", "unit_price", "200",
                "usageunit", "Units", "assigned_user_id", ""));
        String invoice = sides.crm.put("Invoice", Map.of("subject", "Juletræer", "contact_id", customer,
                        "invoicedate", "2026-12-01", "duedate", "2026-12-15", "currency_id", sides.crm.currencyId("DKK"),
                        "bill_street", "Kirkevej 1", "ship_street", "Kirkevej 1", "hdnTaxType", "group",
                        "invoicestatus", "Created", "assigned_user_id", ""),
                java.util.List.of(Map.of("productid", product, "quantity", "2", "listprice", "200",
                        "comment", "Nordmannsgran")));
        for (String[] record : new String[][] {{"contacts", customer}, {"products", product}, {"invoices", invoice}}) {
            ApiClient.Answer synced = api.post("/api/sync/" + record[0] + "/" + record[1], "");
            assertThat(synced.status()).as("%s: %s", record[1], synced.body()).isEqualTo(200);
        }
        String guid = sides.liveDinero(DineroSimulator.INVOICES).stream()
                .filter(i -> "Juletræer".equals(i.get("Description"))).findFirst().orElseThrow().get("Guid").toString();
        sides.dinero.bookInvoice(guid);
        sides.dinero.addPayment(guid, new java.math.BigDecimal("100.00"), java.time.LocalDate.of(2026, 12, 3));
        sides.dinero.addPayment(guid, new java.math.BigDecimal("150.00"), java.time.LocalDate.of(2026, 12, 5));

        browser.manage().deleteAllCookies();
        browser.get(base + "/money");
        wait.until(ExpectedConditions.urlContains("/login"));
        logIn("admin", "Browser-Pw-4e1a");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("invoice-" + invoice)));
        WebElement row = browser.findElement(By.id("invoice-" + invoice));
        assertThat(row.findElement(By.className("crm-link")).getText()).isEqualTo("Juletræer");
        // (not its state, which follows Dinero's today: ConsoleMoneyTest checks the states on a fixed clock)
        // 2 × 200 + 25 % VAT = 500.00, of which 100.00 and 150.00 paid
        assertThat(row.findElement(By.className("total")).getText()).isEqualTo("DKK 500.00");
        assertThat(row.findElement(By.className("outstanding")).getText()).isEqualTo("DKK 250.00");
        java.util.List<WebElement> payments = row.findElements(By.className("payment"));
        assertThat(payments).extracting(p -> p.findElement(By.className("payment-date")).getText(),
                        p -> p.findElement(By.className("payment-amount")).getText())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-12-03", "DKK 100.00"),
                        org.assertj.core.groups.Tuple.tuple("2026-12-05", "DKK 150.00"));
        WebElement receipt = row.findElement(By.className("receipt-link"));
        assertThat(receipt.getText()).isEqualTo("Invoice (PDF)");
        assertThat(receipt.getAttribute("href")).isEqualTo(base + "/money/receipts/" + invoice);
        screenshot("11-money");

        // The link followed by the browser itself (its session cookie, as a click sends it; a fetch, since a click
        // would open Chromium's PDF viewer in a new tab, whose bytes Selenium cannot read)
        @SuppressWarnings("unchecked")
        Map<String, Object> followed = (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {
                          const bytes = new Uint8Array(await r.arrayBuffer());
                          let text = '';
                          bytes.forEach(b => text += String.fromCharCode(b));
                          done({status: r.status, type: r.headers.get('Content-Type'), body: btoa(text)});
                        }).catch(e => done({status: -1, type: String(e), body: ''}));
                        """, receipt.getAttribute("href"));
        assertThat(((Number) followed.get("status")).intValue()).as(String.valueOf(followed.get("type"))).isEqualTo(200);
        assertThat(followed.get("type")).isEqualTo("application/pdf");
        byte[] pdf = java.util.Base64.getDecoder().decode((String) followed.get("body"));
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(pdf).isEqualTo(sides.dinero.pdf(DineroSimulator.INVOICES, guid));
    }

    /**
     * Waits up to 60 s for the page; when it times out, says where the browser was and what it showed (a wait that
     * timed out on the login form or an error page must say so, not only which element was missing).
     */
    private static Wait<WebDriver> pageWait() {
        return new WebDriverWait(browser, Duration.ofSeconds(60)).withMessage(() -> {
            String shown;
            try {
                shown = browser.findElement(By.tagName("body")).getText();
            } catch (RuntimeException e) {
                shown = "(no page: " + e.getClass().getSimpleName() + ")";
            }
            return "at " + browser.getCurrentUrl() + " the page showed: "
                    + (shown.length() > 2000 ? shown.substring(0, 2000) + "…" : shown);
        });
    }

    private static void logIn(String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @org.springframework.beans.factory.annotation.Autowired
    SyncRuns syncRuns;

    /** A run held open by the test: the Sync now page shows each module's progress bar and time left with why. */
    @Test
    void whileARunGoesEachModuleShowsAProgressBarAndItsTimeLeft(ApiClient api) throws IOException {
        long runId = syncRuns.begin(SyncRuns.MANUAL);
        try {
            syncRuns.moduleStarted(runId, dk.simplydinero.model.SyncModule.CONTACTS);
            syncRuns.total(runId, dk.simplydinero.model.SyncModule.CONTACTS, 4000);
            for (int i = 0; i < 20; i++) {
                syncRuns.count(runId, dk.simplydinero.model.SyncModule.CONTACTS,
                        WriteOutcome.of(WriteOutcome.Action.CREATED, "d-" + i));
            }
            Wait<WebDriver> wait = pageWait();
            browser.get(api.baseUrl() + "/sync");
            wait.until(ExpectedConditions.urlContains("/login"));
            logIn("admin", "Browser-Pw-4e1a");
            // the login form posts and the browser goes on to /sync: wait for that page, not the form's
            WebElement contacts = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("module-contacts")));
            WebElement bar = contacts.findElement(By.tagName("progress"));
            assertThat(bar.getAttribute("max")).isEqualTo("4000");
            assertThat(bar.getAttribute("value")).isEqualTo("20");
            // the bound depends on this machine's pace (the harness gives Dinero 90 requests a second): words, not time
            assertThat(contacts.findElement(By.className("eta")).getText()).matches("(Dinero allows 90 requests per 1 s"
                    + "|At the measured rate): about .* left");
            screenshot("11-progress");
        } finally {
            syncRuns.finish(runId);
        }
    }
}
