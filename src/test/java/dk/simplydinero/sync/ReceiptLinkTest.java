package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.2 (CRM side): a CRM invoice whose Dinero twin is booked links its receipt, the service's
 * {@code <sync.public-url>/api/invoices/<crmId>/pdf}: with {@code sync.receipts=document} (the default) as one
 * external-URL Documents record related to the invoice, written once (a rerun asks the CRM nothing about documents, a
 * lost answer or a crash between the create and the link makes no second one); with {@code field} in the invoice's
 * URL field. A draft gets nothing; a CRM without {@code add_related} is one run note, the invoices still sync.
 */
@ExtendWith(Simulators.class)
class ReceiptLinkTest {

    /** A fresh set for each test. */
    SimulatedSides sides;
    private final MovableClock clock = new MovableClock();

    private String booked;
    private String draft;

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"dinero-to-crm", "both"})
    void aBookedInvoiceHasOneRelatedDocumentLinkingItsPdfAndARerunAsksTheCrmNothingAboutDocuments(String direction)
            throws Exception {
        twoInvoices();
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=" + direction)) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(first.get("message")).as("the run's message").isNull();

            String crmId = crmInvoiceId("Drivhus, november");
            String url = "https://sync.example.dk/api/invoices/" + crmId + "/pdf";
            List<String> related = sides.crm.relatedTo(crmId, "Documents");
            assertThat(related).as("documents related to the booked invoice").hasSize(1);
            Map<String, Object> document = sides.crm.get(related.get(0));
            assertThat(document.get("filename")).isEqualTo(url);
            assertThat(document.get("filelocationtype")).isEqualTo("E");
            assertThat(document.get("notes_title")).isEqualTo("Faktura 1 (Dinero)");
            assertThat(sides.crm.records("Documents")).as("all documents").hasSize(1);
            assertThat(sides.crm.relatedTo(crmInvoiceId("Greenhouse, November"), "Documents")).as("on the draft")
                    .isEmpty();

            // The link, opened with the API login, is the PDF Dinero makes of the invoice.
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            ReceiptsApiTest.Answer pdf = ReceiptsApiTest.get(port, url.substring(SimulatedSides.PUBLIC_URL.length()),
                    "admin", SimulatedSides.API_PASSWORD);
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(pdf.body()).isEqualTo(sides.dinero.pdf(DineroSimulator.INVOICES, booked));

            sides.crm.requestLog().clear();
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.crm.relatedTo(crmId, "Documents")).as("after the rerun").hasSize(1);
            assertThat(sides.crm.records("Documents")).as("all documents after the rerun").hasSize(1);
            assertThat(sides.crm.requestLog().count(aboutDocuments())).as("CRM requests about documents in the rerun")
                    .isZero();
        }
    }

    @Test
    void aDocumentCreateWhoseAnswerIsLostIsFoundByItsUrlNotMadeTwice() {
        twoInvoices();
        sides.crm.faults().malformedAnswers(documentCreate(), Faults.Malformed.TRUNCATED_JSON, 1);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(sides.crm.faults().malformedAnswers()).as("answers lost").isEqualTo(1);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            assertThat(first.get("message")).as("the run's message").isNull();
            String crmId = crmInvoiceId("Drivhus, november");
            assertThat(sides.crm.relatedTo(crmId, "Documents")).hasSize(1);
            assertThat(sides.crm.records("Documents")).as("all documents").hasSize(1);

            SimulatedSides.runSync(api);
            assertThat(sides.crm.records("Documents")).as("all documents after a second run").hasSize(1);
        }
    }

    /**
     * The process stops between the document's create and its link (here: the create's answer is lost and the CRM
     * answers no documents query until the run ended). The next run, although the invoice is unchanged, finds the
     * document by its URL, relates it and makes no second one.
     */
    @Test
    void aCrashBetweenTheDocumentCreateAndItsLinkLeavesOneDocument() {
        twoInvoices();
        sides.crm.faults().malformedAnswers(documentCreate(), Faults.Malformed.TRUNCATED_JSON, 1);
        sides.crm.faults().malformedAnswers(r -> String.valueOf(r.query().get("query")).contains("FROM Documents"),
                Faults.Malformed.HTML, -1);
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            sides.crm.faults().off();
            String crmId = crmInvoiceId("Drivhus, november");
            assertThat(String.valueOf(first.get("message"))).contains("The receipt link of CRM invoice " + crmId
                    + " is not written (the next run tries again)");
            assertThat(sides.crm.records("Documents")).as("made, not linked").hasSize(1);

            clock.advance(Duration.ofMinutes(30));
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(second.get("message")).as("the second run's message").isNull();
            assertThat(sides.crm.records("Documents")).as("all documents").hasSize(1);
            assertThat(sides.crm.relatedTo(crmId, "Documents")).as("related now").hasSize(1);

            clock.advance(Duration.ofMinutes(30));
            sides.crm.requestLog().clear();
            SimulatedSides.runSync(api);
            assertThat(sides.crm.requestLog().count(aboutDocuments())).as("CRM requests about documents, third run")
                    .isZero();
        }
    }

    @ParameterizedTest(name = "{0} missing")
    @ValueSource(strings = {"add_related", "query_related"})
    void aCrmWithoutTheRelationOperationsIsOneRunNoteNamingTheFieldAndTheInvoicesStillSync(String missing) {
        if (missing.equals("add_related")) {
            sides.crm.addRelatedEnabled(false);
        } else {
            sides.crm.relatedQueriesEnabled(false);
        }
        twoInvoices();
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=dinero-to-crm")) {
            Map<String, Object> first = SimulatedSides.runSync(SimulatedSides.api(service));
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            String message = String.valueOf(first.get("message"));
            String note = "set sync.receipts=field with simplycrm.receipt-field";
            assertThat(message).contains("the CRM cannot relate documents to invoices (add_related").contains(note);
            assertThat(message.indexOf(note)).as("said once").isEqualTo(message.lastIndexOf(note));
            assertThat(sides.crm.records("Invoice")).extracting(r -> r.get("subject"))
                    .containsExactlyInAnyOrder("Drivhus, november", "Greenhouse, November");
        }
    }

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"dinero-to-crm", "both"})
    void fieldModeWritesTheLinkIntoTheInvoicesUrlFieldOnce(String direction) {
        twoInvoices();
        try (ConfigurableApplicationContext service = sides.startService(clock, "--sync.direction=" + direction,
                "--sync.receipts=field", "--simplycrm.receipt-field=cf_925")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            String crmId = crmInvoiceId("Drivhus, november");
            Map<String, Object> invoice = sides.crm.get(crmId);
            assertThat(invoice.get("cf_925")).isEqualTo("https://sync.example.dk/api/invoices/" + crmId + "/pdf");
            assertThat(invoice.get("subject")).isEqualTo("Drivhus, november");
            assertThat((List<?>) invoice.get("LineItems")).as("lines kept").hasSize(1);
            assertThat(sides.crm.get(crmInvoiceId("Greenhouse, November")).get("cf_925")).as("the draft's")
                    .isIn(null, "");
            assertThat(sides.crm.records("Documents")).isEmpty();

            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> second = SimulatedSides.runSync(api);
            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            assertThat(sides.crmWrites()).as("CRM writes of the rerun").isZero();
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).as("Dinero writes of the rerun").isZero();
        }
    }

    /** A customer, a product and two invoices of 1,000 + 25 % VAT: a Danish one booked, an English draft. */
    private void twoInvoices() {
        clock.set(Instant.parse("2026-11-06T08:00:00Z"));
        sides.dinero.setClock(clock);
        String customer = sides.dinero.putContact(Map.of("Name", "Bøgh Økologisk Gartneri I/S", "Street", "Skovvej 3",
                "ZipCode", "5250", "City", "Odense SV", "CountryKey", "DK", "Email", "post@boeghgartneri.dk",
                "IsPerson", false, "IsMember", false, "UseCvr", false));
        String product = sides.dinero.putProduct(Map.of("Name", "Drivhusreparation", "ProductNumber", "D-100",
                "BaseAmountValue", new BigDecimal("1000"), "Quantity", 1, "AccountNumber", 1000, "Unit", "hours"));
        booked = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, LocalDate.of(2026, 11, 1),
                "Drivhus, november", "da-DK"));
        draft = sides.dinero.putInvoice(RepairVouchers.invoice(customer, product, LocalDate.of(2026, 11, 1),
                "Greenhouse, November", "en-GB"));
        sides.dinero.bookInvoice(booked);
    }

    private String crmInvoiceId(String subject) {
        List<Map<String, Object>> found = sides.crm.records("Invoice").stream()
                .filter(r -> subject.equals(r.get("subject"))).toList();
        assertThat(found).as("CRM invoices named %s", subject).hasSize(1);
        return String.valueOf(found.get(0).get("id"));
    }

    private static Predicate<SimRequest> documentCreate() {
        return r -> "create".equals(r.form().get("operation")) && "Documents".equals(r.form().get("elementType"));
    }

    /** A CRM request about documents: a read, describe, relate or relation query. */
    private static Predicate<RequestLog.Entry> aboutDocuments() {
        return e -> e.operation().contains("related") || e.query().values().stream()
                .anyMatch(v -> v != null && v.contains("Documents"));
    }
}
