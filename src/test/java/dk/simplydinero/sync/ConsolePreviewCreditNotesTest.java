package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.ConsoleTest.Browser;
import dk.simplydinero.sync.ConsoleTest.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Preview shows what a run would do with Dinero's credit notes (module {@code creditnotes}, after the
 * record types) as the API's dry run answers it: the credit invoice it would make, with the comment it would write.
 */
@ExtendWith(Simulators.class)
class ConsolePreviewCreditNotesTest {

    SimulatedSides sides;
    private final MovableClock clock = new MovableClock();

    @Test
    void thePreviewShowsABookedCreditNoteAndItsComment() throws Exception {
        clock.set(Instant.parse("2026-12-02T08:00:00Z"));
        sides.dinero.setClock(clock);
        sides.crm.setClock(clock);
        sides.crm.commentsOnInvoice(true);
        String customer = sides.dinero.putContact(Map.of("Name", "Bøgh Økologisk Gartneri I/S", "City", "Odense SV",
                "CountryKey", "DK", "Email", "post@boeghgartneri.dk", "IsPerson", false, "IsMember", false,
                "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Drivhusreparation", "ProductNumber", "D-100",
                "BaseAmountValue", new BigDecimal("1000"), "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        String invoice = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, LocalDate.of(2026, 12, 1),
                "Drivhus, december", "da-DK"));
        sides.dinero.bookInvoice(invoice);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            clock.advance(Duration.ofMinutes(30));
            Map<String, Object> fields = RepairVouchers.voucher(customer, product, "da-DK");
            fields.put("CreditNoteFor", invoice);
            fields.put("Date", "2026-12-02");
            String note = sides.dinero.putRecord(DineroSimulator.CREDIT_NOTES, fields);
            long number = sides.dinero.bookCreditNote(note);
            clock.advance(Duration.ofMinutes(30));
            List<Map<String, Object>> inCrm = sides.crm.records("Invoice");
            assertThat(inCrm).hasSize(1);
            String crmId = String.valueOf(inCrm.get(0).get("id"));
            Browser browser = new Browser(api);
            browser.login("admin", service.getEnvironment().getRequiredProperty("spring.security.user.password"));

            Page preview = browser.post("/sync/preview", browser.get("/sync"));

            assertThat(preview.status()).isEqualTo(200);
            assertThat(preview.body()).contains("id=\"preview-creditnotes\"").contains("<h2>Credit notes</h2>")
                    .contains("<td>" + crmId + "</td><td>" + note + "</td>")
                    .contains("Kreditnota " + number + ", 02-12-2026: 1.250,00 kr. (Dinero) [dinero:" + note + "]");
            assertThat(preview.body().indexOf("id=\"preview-creditnotes\""))
                    .as("credit notes after invoices").isGreaterThan(preview.body().indexOf("id=\"preview-invoices\""));
            assertThat(sides.crm.get(crmId).get("invoicestatus")).as("the preview writes nothing").isEqualTo("Approved");
        }
    }
}
