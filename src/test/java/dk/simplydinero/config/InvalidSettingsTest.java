package dk.simplydinero.config;

import dk.simplydinero.SimplyDineroSyncApplication;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An invalid setting stops the start with one line naming the key and what is allowed. The application
 * really starts (and fails) here, as it would from the command line.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidSettingsTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "sync.direction|sideways|Invalid setting sync.direction='sideways': allowed values are crm-to-dinero, dinero-to-crm, both",
            "sync.mode|hourly|Invalid setting sync.mode='hourly': allowed values are manual, automatic",
            "simplycrm.change-feed|admin|Invalid setting simplycrm.change-feed='admin': allowed values are auto, sync, query",
            "sync.modules|organizations,leads|Invalid setting sync.modules='organizations,leads': allowed values are a comma-separated list of organizations, contacts, products, invoices",
            "dinero.organization-id|firma42|Invalid setting dinero.organization-id='firma42': must be the numeric Firma ID (digits only)",
            "simplycrm.url|crm.example.dk/vtiger|Invalid setting simplycrm.url='crm.example.dk/vtiger': must be an http:// or https:// URL",
            "dinero.api-url|ftp://api.dinero.dk|Invalid setting dinero.api-url='ftp://api.dinero.dk': must be an http:// or https:// URL",
            "sync.cron|every three hours|Invalid setting sync.cron='every three hours': must be a Quartz cron expression with a seconds field, e.g. 0 0 0/3 * * ?",
            "dinero.requests-per-minute|500|Invalid setting dinero.requests-per-minute='500': must be less than or equal to 100",
            "dinero.requests-per-minute|fast|Invalid setting dinero.requests-per-minute='fast': must be a number",
            "simplycrm.max-concurrent-requests|0|Invalid setting simplycrm.max-concurrent-requests='0': must be greater than or equal to 1",
            "dinero.max-concurrent-requests|17|Invalid setting dinero.max-concurrent-requests='17': must be less than or equal to 16",
            "dinero.api-key|''|Invalid setting dinero.api-key=(hidden): must not be blank",
            "status.check-interval|0s|Invalid setting status.check-interval='PT0S': must be longer than or equal to 1 second",
            "console.money-cache|-1s|Invalid setting console.money-cache='PT-1S': must not be negative (0s keeps nothing)",
            "sync.payment-history|always|Invalid setting sync.payment-history='always': allowed values are comments, off",
            "sync.receipts|email|Invalid setting sync.receipts='email': allowed values are document, field, off",
            "sync.credit-notes|booked|Invalid setting sync.credit-notes='booked': allowed values are draft, off",
            "sync.public-url|sync.example.dk|Invalid setting sync.public-url='sync.example.dk': must be an absolute http:// or https:// URL without a query, e.g. https://sync.example.dk",
            "sync.public-url|https://sync.example.dk/?user=admin|Invalid setting sync.public-url='https://sync.example.dk/?user=admin': must be an absolute http:// or https:// URL without a query, e.g. https://sync.example.dk",
            "simplycrm.receipt-field|cf 901|Invalid setting simplycrm.receipt-field='cf 901': must be a CRM field name such as cf_901, or empty",
    })
    void invalidSettingStopsTheStartWithOneLineNamingTheKey(String key, String value, String expectedLine,
                                                            CapturedOutput output) {
        assertThatThrownBy(() -> start("--" + key + "=" + value)).isInstanceOf(Exception.class);

        List<String> reportLines = output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList();
        assertThat(reportLines).containsExactly(expectedLine);
    }

    /** A misspelt key would be ignored and its default used; the known keys come from the settings classes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "sync.directoin=both|Invalid setting sync.directoin: no such setting; the nearest known one is sync.direction",
            "dinero.api-kye=abc|Invalid setting dinero.api-kye: no such setting; the nearest known one is dinero.api-key",
            "simplycrm.acces-key=abc|Invalid setting simplycrm.acces-key: no such setting; the nearest known one is simplycrm.access-key",
            "sandbox.sync-on-start=false|Invalid setting sandbox.sync-on-start: no such setting; the nearest known one is sandbox.sync-at-start",
            "console.money-cahce=30s|Invalid setting console.money-cahce: no such setting; the nearest known one is console.money-cache",
            "resilience.max-attempt=3|Invalid setting resilience.max-attempt: no such setting; the nearest known one is resilience.max-attempts",
            "status.check-intervall=1m|Invalid setting status.check-intervall: no such setting; the nearest known one is status.check-interval",
            "security.viewr.name=bogholder|Invalid setting security.viewr.name: no such setting; the nearest known one is security.viewer.name",
    })
    void anUnknownSettingStopsTheStartNamingTheNearestKnownOne(String setting, String expectedLine,
                                                               CapturedOutput output) {
        assertThatThrownBy(() -> start("--" + setting)).isInstanceOf(Exception.class);

        List<String> reportLines = output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList();
        assertThat(reportLines).containsExactly(expectedLine);
    }

    @org.junit.jupiter.api.Test
    void eachUnknownSettingGetsItsOwnLineAndListElementsOfKnownOnesAreKnown(CapturedOutput output) {
        assertThatThrownBy(() -> start("--sync.modules[0]=organizations", "--sync.prority=dinero-first",
                "--dinero.timout=10s")).isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting dinero.timout: no such setting; the nearest known one is dinero.timeout",
                "Invalid setting sync.prority: no such setting; the nearest known one is sync.priority");
    }

    @org.junit.jupiter.api.Test
    void anEmptyApiPasswordStopsTheStartOutsideTheSandbox(CapturedOutput output) {
        assertThatThrownBy(() -> start("--spring.security.user.password=")).isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting spring.security.user.password: must be set (not empty) when sandbox.enabled=false;"
                        + " it guards /api/** and Hawtio");
    }

    /** Shipped with the sandbox in mind; outside it, each would put a guessable login or a non-CRM in place. */
    @org.junit.jupiter.api.Test
    void theShippedPasswordAndCrmUrlAreRefusedOutsideTheSandboxWithOneLineEach(CapturedOutput output) {
        assertThatThrownBy(() -> start("--spring.security.user.password=sandbox",
                "--simplycrm.url=https://example.simply-crm.dk")).isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting simplycrm.url='https://example.simply-crm.dk': is the shipped placeholder;"
                        + " set your CRM's address when sandbox.enabled=false",
                "Invalid setting spring.security.user.password: is the shipped sandbox password;"
                        + " set your own when sandbox.enabled=false, it guards /api/** and Hawtio");
    }

    @org.junit.jupiter.api.Test
    void theShippedPasswordAloneIsRefusedOutsideTheSandboxAndNeverShown(CapturedOutput output) {
        assertThatThrownBy(() -> start("--spring.security.user.password=sandbox")).isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting spring.security.user.password: is the shipped sandbox password;"
                        + " set your own when sandbox.enabled=false, it guards /api/** and Hawtio");
        assertThat(output.getAll()).doesNotContain("password=sandbox", "password='sandbox'");
    }

    /** The viewer reads the same customer and accounting data: the shipped password is no guard for it either. */
    @org.junit.jupiter.api.Test
    void theShippedPasswordIsRefusedForTheViewerToo(CapturedOutput output) {
        assertThatThrownBy(() -> start("--security.viewer.name=bogholder", "--security.viewer.password=sandbox"))
                .isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting security.viewer.password: is the shipped sandbox password;"
                        + " set your own when sandbox.enabled=false, it guards /api/** and the console");
        assertThat(output.getAll()).doesNotContain("password=sandbox", "password='sandbox'");
    }

    /** Receipt links need the service's address as the CRM's users reach it: only the operator knows it. */
    @org.junit.jupiter.api.Test
    void noPublicUrlStopsTheStartOutsideTheSandboxWhileReceiptsAreLinked(CapturedOutput output) {
        assertThatThrownBy(() -> start("--sync.public-url=")).isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting sync.public-url: must be set when sync.receipts is not off and sandbox.enabled=false;"
                        + " the service's address as the CRM's users reach it, e.g. https://sync.example.dk (receipt"
                        + " links are <public-url>/api/invoices/<crmId>/pdf)");
    }

    @org.junit.jupiter.api.Test
    void receiptsInAFieldNeedTheField(CapturedOutput output) {
        assertThatThrownBy(() -> start("--sync.receipts=field")).isInstanceOf(Exception.class);

        assertThat(output.getAll().lines().filter(l -> l.startsWith("Invalid setting")).toList()).containsExactly(
                "Invalid setting simplycrm.receipt-field: must name the CRM invoices' URL custom field (cf_…, see"
                        + " Settings → Module Management → Invoice → Fields) when sync.receipts=field");
    }

    /**
     * Starts the service outside the sandbox with {@code settings} in place of the same keys' defaults here (Spring
     * would join two values of one key with a comma). The defaults are valid: a CRM address of our own (nothing
     * listens there) and a password that is not the shipped one.
     */
    private static void start(String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--sandbox.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:invalid-settings",
                "--spring.main.banner-mode=off",
                "--simplycrm.url=http://127.0.0.1:9",
                "--spring.security.user.password=not-the-shipped-one",
                "--sync.public-url=https://sync.example.dk"));
        for (String setting : settings) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
        }
        args.addAll(List.of(settings));
        SpringApplication.run(SimplyDineroSyncApplication.class, args.toArray(String[]::new)).close();
    }
}
