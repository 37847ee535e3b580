package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterAll;
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
 * run's counts, retries a failure, switches to Danish, and logs in to Hawtio landing on Hawtio. Screenshots of each
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

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void logInSyncRetrySwitchToDanishAndLandOnHawtio(ApiClient api) throws IOException {
        String base = api.baseUrl();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

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

    private static void logIn(String user, String password) {
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
