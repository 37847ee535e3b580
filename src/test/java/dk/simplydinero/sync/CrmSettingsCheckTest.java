package dk.simplydinero.sync;

import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10.11: what the simplycrm.* settings name in the CRM (the VAT custom field, the fallback product) is checked
 * against the CRM before anything is synced. Against a real vtiger a VAT field the installation lacks made every
 * organization from Dinero fail with ACCESS_DENIED "Permission to access cf_853 attribute denied.".
 */
@ExtendWith(Simulators.class)
class CrmSettingsCheckTest {

    /** A fresh set for each test. */
    SimulatedSides sides;

    @Test
    void aVatFieldTheCrmLacksStopsTheStartWithOneLineNamingTheSetting() {
        assertThatThrownBy(() -> sides.startService("--simplycrm.vat-field=cf_999").close())
                .hasStackTraceContaining("Invalid setting simplycrm.vat-field: the CRM's Organizations (Accounts) have"
                        + " no field 'cf_999'");
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
    }

    @Test
    void aFallbackProductTheCrmLacksStopsTheStart() {
        String missing = sides.crm.idPrefix("Products") + "x99999";
        assertThatThrownBy(() -> sides.startService("--simplycrm.fallback-product=" + missing).close())
                .hasStackTraceContaining("Invalid setting simplycrm.fallback-product: the CRM has no product '"
                        + missing + "'");
        String notAProduct = sides.crm.put("Accounts", Map.of("accountname", "Ikke et produkt ApS"));
        assertThatThrownBy(() -> sides.startService("--simplycrm.fallback-product=" + notAProduct).close())
                .hasStackTraceContaining("Invalid setting simplycrm.fallback-product: the CRM has no product '"
                        + notAProduct + "'");
    }

    /** Issue 14: with sync.receipts=field the receipt link goes into an Invoice field the installation must have. */
    @Test
    void aReceiptFieldTheCrmInvoicesLackStopsTheStartAndAnExistingOneStarts() {
        assertThatThrownBy(() -> sides.startService("--sync.receipts=field", "--simplycrm.receipt-field=cf_999").close())
                .hasStackTraceContaining("Invalid setting simplycrm.receipt-field: the CRM's invoices (Invoice) have"
                        + " no field 'cf_999'");
        // cf_921 is an Invoice field of the simulated CRM
        sides.startService("--sync.receipts=field", "--simplycrm.receipt-field=cf_921").close();
    }

    @Test
    void withTheCrmUnreachableAtStartTheFirstRunFailsWithTheSameLineAndWritesNothing() {
        sides.crm.put("Accounts", Map.of("accountname", "Fjordens Fisk ApS", "email1", "post@fjordensfisk.dk"));
        sides.crm.faults().serverErrorShare(1.0);
        try (ConfigurableApplicationContext service = sides.startService("--simplycrm.vat-field=cf_999",
                "--resilience.max-attempts=1")) {
            sides.crm.faults().off();
            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("failed");
            assertThat(run.get("message").toString()).contains("Invalid setting simplycrm.vat-field: the CRM's"
                    + " Organizations (Accounts) have no field 'cf_999'");
        }
        assertThat(sides.dinero.records(DineroSimulator.CONTACTS)).isEmpty();
    }

    @Test
    void anExistingVatFieldAndProductStartAndSync() {
        String product = sides.crm.put("Products", Map.of("productname", "Diverse", "unit_price", "0"));
        sides.crm.put("Accounts", Map.of("accountname", "Fjordens Fisk ApS", "cf_853", "DK31415926"));
        try (ConfigurableApplicationContext service = sides.startService("--simplycrm.fallback-product=" + product)) {
            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        }
        assertThat(sides.liveDinero(DineroSimulator.CONTACTS)).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("VatNumber", "DK31415926"));
    }

    @Test
    void theShippedVatFieldIsEmptyAndTheSandboxSetsItsOwn() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("application.properties"))) {
            shipped.load(in);
        }
        assertThat(shipped.getProperty("simplycrm.vat-field")).isEmpty();

        try (ConfigurableApplicationContext sandbox = new SpringApplicationBuilder(SimplyDineroSyncApplication.class)
                .run("--server.port=0", "--sandbox.enabled=true", "--sandbox.crm-port=0", "--sandbox.dinero-port=0",
                        "--spring.datasource.url=" + sides.database + "-sandbox")) {
            assertThat(sandbox.getEnvironment().getProperty("simplycrm.vat-field")).isEqualTo("cf_853");
            DineroSimulator dinero = sandbox.getBean(DineroSimulator.class);
            // the sync at start brings the demo organizations' VAT numbers to Dinero
            await().atMost(Duration.ofSeconds(60)).until(() -> dinero.records(DineroSimulator.CONTACTS).stream()
                    .anyMatch(c -> c.get("VatNumber") != null && c.get("VatNumber").toString().startsWith("DK")));
        }
    }
}
