package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, part 2: an invoice the sync has already seen booked in Dinero (a Dinero → CRM run read it) needs no read
 * of the invoice before its PDF: nothing turns a booked invoice back into a draft, so the receipt costs one Dinero
 * request (the PDF), and it is offered under the CRM id (the number was not read).
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=both"})
class ReceiptOfAnInvoiceSeenBookedTest {

    static SimulatedSides sides;
    static String invoice;

    @LocalServerPort
    int port;

    @BeforeAll
    static void seed() {
        invoice = ReceiptsApiTest.invoices(sides, "Set bogført").get(0);
    }

    @Test
    void thePdfOfAnInvoiceTheSyncSawBookedIsOneDineroRequest(ApiClient api) throws Exception {
        Map<String, Object> first = SimulatedSides.runSync(api);
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        String guid = ReceiptsApiTest.guidOf(sides, "Set bogført");
        sides.dinero.bookInvoice(guid);
        // The next run reads the booked invoice back to the CRM (its status), and so sees it booked.
        Map<String, Object> second = SimulatedSides.runSync(api);
        assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
        assertThat(sides.crm.get(invoice)).containsEntry("invoicestatus", "Approved");
        RequestLog log = sides.dinero.requestLog();
        log.clear();

        ReceiptsApiTest.Answer pdf = ReceiptsApiTest.get(port, "/api/invoices/" + invoice + "/pdf", "admin",
                SimulatedSides.API_PASSWORD);

        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.body()).isEqualTo(sides.dinero.pdf(DineroSimulator.INVOICES, guid));
        assertThat(pdf.header("content-disposition")).isEqualTo("inline; filename=\"faktura-" + invoice + ".pdf\"");
        assertThat(log.count(e -> !e.operation().equals("token"))).as("Dinero requests: %s", log.entries())
                .isEqualTo(1);
    }
}
