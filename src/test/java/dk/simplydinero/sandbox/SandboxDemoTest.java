package dk.simplydinero.sandbox;

import dk.simplydinero.SimplyDineroSyncApplication;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.sync.SimulatedSides;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox as a user starts it ({@code ./mvnw spring-boot:run}: the shipped application.properties, only the port
 * and the database file are the test's): after its sync at start the CRM simulator shows what issue 14 promises a
 * sales person, on the demo data's paid, partly paid and credited invoices: the payments as comments
 * ({@code sync.payment-history=comments}) and every booked invoice's receipt as a related Documents record
 * ({@code sync.receipts=document}, links starting with the sandbox's own address, {@code sync.public-url} empty);
 * then README's next steps: Sync now writes nothing again, and a sale cancelled in the CRM gets one credit-note draft
 * in Dinero ({@code sync.credit-notes=draft}).
 */
class SandboxDemoTest {

    private static final DateTimeFormatter DANISH_DATE = DateTimeFormatter.ofPattern("dd-MM-yyyy");

    @Test
    void afterTheSyncAtStartTheCrmShowsPaymentsAsCommentsAndEveryBookedInvoicesReceipt() {
        // the demo dates its records relative to today (UTC, the simulators' clock)
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (ConfigurableApplicationContext sandbox = new SpringApplicationBuilder(SimplyDineroSyncApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:h2:file:./target/test-db/sandbox-demo-"
                        + UUID.randomUUID())) {
            int port = Integer.parseInt(sandbox.getEnvironment().getProperty("local.server.port"));
            CrmSimulator crm = sandbox.getBean(CrmSimulator.class);
            DineroSimulator dinero = sandbox.getBean(DineroSimulator.class);

            // the sync at start is over when the start is (it runs on ApplicationReadyEvent)
            ApiClient api = new ApiClient(port, "admin", "sandbox");
            ApiClient.Answer runs = api.get("/api/runs");
            assertThat(runs.json()).as(runs.body()).hasSize(1);
            assertThat(runs.json().get(0).get("status").asText()).as(runs.body()).isEqualTo("succeeded");

            // paid in two instalments: two comments, in Danish (the Dinero invoice's language), oldest first
            String paid = crmInvoice(crm, "Tømrerarbejde, Østergade");
            List<String> paidPayments = paymentGuids(dinero, "Tømrerarbejde, Østergade");
            assertThat(paidPayments).hasSize(2);
            assertThat(comments(crm, paid)).containsExactly(
                    "Betaling modtaget " + today.minusDays(30).format(DANISH_DATE)
                            + ": 10.000,00 kr. – Indbetaling (Dinero) [dinero:" + paidPayments.get(0) + "]",
                    "Betaling modtaget " + today.minusDays(23).format(DANISH_DATE)
                            + ": 7.519,49 kr. – Indbetaling (Dinero) [dinero:" + paidPayments.get(1) + "]");
            assertThat(crm.get(paid).get("invoicestatus")).isEqualTo("Paid");

            // partly paid: one comment, the invoice still Approved with its balance
            String partly = crmInvoice(crm, "Drivhusreparation");
            assertThat(comments(crm, partly)).containsExactly("Betaling modtaget "
                    + today.minusDays(2).format(DANISH_DATE) + ": 1.000,00 kr. – Indbetaling (Dinero) [dinero:"
                    + paymentGuids(dinero, "Drivhusreparation").get(0) + "]");
            assertThat(crm.get(partly).get("invoicestatus")).isEqualTo("Approved");

            // over-paid by 250 kr.: one comment
            String overPaid = crmInvoice(crm, "Serviceaftale januar–marts");
            assertThat(comments(crm, overPaid)).containsExactly("Betaling modtaget "
                    + today.minusDays(12).format(DANISH_DATE) + ": 4.750,00 kr. – Indbetaling (Dinero) [dinero:"
                    + paymentGuids(dinero, "Serviceaftale januar–marts").get(0) + "]");

            // the credited invoice: booked in Dinero with a booked credit note against it (12 kg at 145 kr. and 25 %
            // VAT, 18 days ago); no payment, so no payment comment: in the CRM a Credit Invoice, with one comment
            // naming the credit note
            String credited = crmInvoice(crm, "Kaffebønner til kaffebaren");
            String creditedGuid = dineroInvoice(dinero, "Kaffebønner til kaffebaren");
            Map<String, Object> creditNote = dinero.records(DineroSimulator.CREDIT_NOTES).stream().findFirst()
                    .orElseThrow();
            assertThat(dinero.records(DineroSimulator.CREDIT_NOTES)).hasSize(1);
            assertThat(creditNote.get("CreditNoteFor")).isEqualTo(creditedGuid);
            assertThat(creditNote.get("Status")).isEqualTo("Booked");
            assertThat(creditNote.get("Description")).isEqualTo("Returnerede kaffebønner");
            assertThat(comments(crm, credited)).containsExactly("Kreditnota " + creditNote.get("Number") + ", "
                    + today.minusDays(18).format(DANISH_DATE) + ": 2.175,00 kr. (Dinero) [dinero:"
                    + creditNote.get("Guid") + "]");
            assertThat(crm.get(credited).get("invoicestatus")).isEqualTo("Credit Invoice");

            assertThat(crm.records("ModComments")).filteredOn(c -> c.get("commentcontent").toString()
                    .startsWith("Betaling modtaget")).as("all payment comments in the CRM").hasSize(4);
            int commentsAfterStart = crm.records("ModComments").size();

            // every invoice booked in Dinero links its receipt: one external-URL document, titled by its number
            Map<String, String> receipts = Map.of(
                    paid, "Faktura 1 (Dinero)",
                    crmInvoice(crm, "Faktura"), "Faktura 2 (Dinero)",
                    overPaid, "Faktura 3 (Dinero)",
                    partly, "Faktura 4 (Dinero)",
                    credited, "Faktura 5 (Dinero)");
            receipts.forEach((crmId, title) -> {
                List<String> related = crm.relatedTo(crmId, "Documents");
                assertThat(related).as("documents of %s", title).hasSize(1);
                Map<String, Object> document = crm.get(related.get(0));
                assertThat(document.get("notes_title")).isEqualTo(title);
                assertThat(document.get("filelocationtype")).isEqualTo("E");
                assertThat(document.get("filename"))
                        .isEqualTo("http://localhost:" + port + "/api/invoices/" + crmId + "/pdf");
            });
            assertThat(crm.relatedTo(crmInvoice(crm, "Strategiworkshop"), "Documents")).as("a draft's").isEmpty();
            assertThat(crm.records("Documents")).as("all documents in the CRM").hasSize(5);
            assertThat(api.get("/api/status").json().get("settings").get("sync.direction").asText()).isEqualTo("both");

            // Sync now (README's next step): nothing changed, nothing written again
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(crm.records("ModComments")).as("all comments after the rerun").hasSize(commentsAfterStart);
            assertThat(crm.records("Documents")).as("all documents after the rerun").hasSize(5);
            assertThat(dinero.records(DineroSimulator.CREDIT_NOTES)).as("credit notes after the rerun").hasSize(1);

            // a sales person cancels the sale of the overdue invoice (booked in Dinero as number 2) in the CRM:
            // the next run makes one credit-note draft of it in Dinero (sync.credit-notes=draft), never booked
            String overdue = crmInvoice(crm, "Faktura");
            String overdueGuid = dineroInvoice(dinero, "Faktura");
            crm.change(overdue, Map.of("invoicestatus", "Cancel"));
            Map<String, Object> third = SimulatedSides.runSync(api);
            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            List<Map<String, Object>> drafts = dinero.records(DineroSimulator.CREDIT_NOTES).stream()
                    .filter(n -> overdueGuid.equals(n.get("CreditNoteFor"))).toList();
            assertThat(drafts).singleElement().satisfies(note -> {
                assertThat(note.get("Status")).isEqualTo("Draft");
                assertThat(note.get("Description")).isEqualTo("Kreditnota for faktura 2");
                assertThat(note.get("ExternalReference")).isEqualTo("crm-credit:" + overdue);
                assertThat(note.get("Date"))
                        .isEqualTo(LocalDate.now(java.time.ZoneId.of("Europe/Copenhagen")).toString());
            });
            assertThat(String.valueOf(third.get("message"))).contains("CRM invoice " + overdue
                    + " is cancelled and booked in Dinero as number 2: credit-note draft "
                    + drafts.get(0).get("Guid") + " made in Dinero");
            assertThat(SimulatedSides.runSync(api).get("status")).isEqualTo("succeeded");
            assertThat(dinero.records(DineroSimulator.CREDIT_NOTES)).as("credit notes after one more run").hasSize(2);
        }
    }

    /** The CRM invoice with this subject (exactly one). */
    private static String crmInvoice(CrmSimulator crm, String subject) {
        List<Map<String, Object>> found = crm.records("Invoice").stream()
                .filter(i -> subject.equals(i.get("subject"))).toList();
        assertThat(found).as("CRM invoices '%s'", subject).hasSize(1);
        return String.valueOf(found.get(0).get("id"));
    }

    private static String dineroInvoice(DineroSimulator dinero, String description) {
        return dinero.records(DineroSimulator.INVOICES).stream().filter(i -> description.equals(i.get("Description")))
                .map(i -> String.valueOf(i.get("Guid"))).findFirst().orElseThrow();
    }

    /** The guids of the Dinero invoice's payments, in Dinero's order. */
    @SuppressWarnings("unchecked")
    private static List<String> paymentGuids(DineroSimulator dinero, String description) {
        return ((List<Map<String, Object>>) dinero.payments(dineroInvoice(dinero, description)).get("Payments"))
                .stream().map(p -> String.valueOf(p.get("Guid"))).toList();
    }

    /** The comments on a CRM record, oldest first, as its comments widget lists them. */
    private static List<String> comments(CrmSimulator crm, String crmId) {
        return crm.records("ModComments").stream().filter(c -> crmId.equals(c.get("related_to")))
                .sorted(Comparator.comparingLong(c -> Long.parseLong(String.valueOf(c.get("id")).split("x")[1])))
                .map(c -> String.valueOf(c.get("commentcontent"))).toList();
    }
}
