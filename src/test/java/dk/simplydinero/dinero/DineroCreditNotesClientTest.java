package dk.simplydinero.dinero;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.invoices.DineroPaymentsAnswer;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's credit-note calls, the invoice PDF and the payments' guids, against the Dinero simulator. */
@Timeout(60)
class DineroCreditNotesClientTest {

    private DineroSimulator sim;
    private DineroClient client;
    private String contact;
    private String invoice;

    @BeforeEach
    void start() {
        sim = DineroFixtures.startSimulator();
        sim.setClock(Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC));
        sim.tokenLifetime(Duration.ofDays(30)); // the tests move the simulator's clock by days
        client = DineroFixtures.client(sim);
        contact = sim.putContact(DineroFixtures.contact("Fjordens Tømrer ApS"));
        invoice = sim.putInvoice(DineroFixtures.invoice(contact, List.of(DineroFixtures.line(null, 2, 500, 0))));
        sim.bookInvoice(invoice); // number 1, 1000 excl. VAT, 1250 incl.
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Map<String, Object> creditNote(String externalReference) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ContactGuid", contact);
        body.put("Date", "2026-12-01");
        body.put("ExternalReference", externalReference);
        body.put("Description", "Kreditnota for faktura 1");
        body.put("CreditNoteFor", invoice);
        body.put("ProductLines", List.of(DineroFixtures.line(null, 2, 500, 0)));
        return body;
    }

    @ParameterizedTest(name = "empty 201 answers: {0}")
    @ValueSource(booleans = {false, true})
    void aCreatedCreditNoteReadsBackFieldByField(boolean emptyCreateAnswers) {
        sim.emptyCreateAnswers(emptyCreateAnswers);

        DineroClient.InvoiceRef ref = client.createCreditNote(creditNote("crm-credit:22x101"));

        Map<String, Object> stored = sim.getRecord(DineroSimulator.CREDIT_NOTES, ref.guid());
        assertThat(stored).isNotNull();
        assertThat(ref.timestamp()).isEqualTo(stored.get("TimeStamp"));
        Map<String, Object> read = client.creditNote(ref.guid());
        assertThat(read.get("Guid")).isEqualTo(ref.guid());
        assertThat(read.get("CreditNoteFor")).isEqualTo(invoice);
        assertThat(read.get("Status")).isEqualTo("Draft");
        assertThat(read.get("Number")).isNull();
        assertThat(read.get("ContactGuid")).isEqualTo(contact);
        assertThat(read.get("ContactName")).isEqualTo("Fjordens Tømrer ApS");
        assertThat(read.get("ExternalReference")).isEqualTo("crm-credit:22x101");
        assertThat(read.get("Description")).isEqualTo("Kreditnota for faktura 1");
        assertThat(read.get("Date")).isEqualTo("2026-12-01");
        assertThat(new BigDecimal(read.get("TotalExclVat").toString())).isEqualByComparingTo("1000");
        assertThat(new BigDecimal(read.get("TotalInclVat").toString())).isEqualByComparingTo("1250");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) read.get("ProductLines");
        assertThat(lines).hasSize(1);
        assertThat(new BigDecimal(lines.get(0).get("Quantity").toString())).isEqualByComparingTo("2");
        assertThat(new BigDecimal(lines.get(0).get("BaseAmountValue").toString())).isEqualByComparingTo("500");
        // the empty answer costs one lookup by ExternalReference, and nothing else
        assertThat(sim.requestLog().countOperation("creditnotes.create")).isEqualTo(1);
        assertThat(sim.requestLog().countOperation("creditnotes.list")).isEqualTo(emptyCreateAnswers ? 1 : 0);
    }

    @Test
    void aCreditNoteForAnUnknownInvoiceIsRefusedNamingTheField() {
        Map<String, Object> body = creditNote("crm-credit:22x101");
        body.put("CreditNoteFor", "3b7d0e7c-0000-0000-0000-000000000000");

        assertThatThrownBy(() -> client.createCreditNote(body))
                .isInstanceOfSatisfying(DineroException.Validation.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.validationErrors()).containsEntry("CreditNoteFor",
                            "The invoice '3b7d0e7c-0000-0000-0000-000000000000' does not exist.");
                });
        assertThat(sim.records(DineroSimulator.CREDIT_NOTES)).isEmpty();
    }

    @Test
    void listPagesTellWhatChangedAndFindOursByExternalReference() {
        String first = client.createCreditNote(creditNote("crm-credit:22x101")).guid();
        sim.setClock(Clock.fixed(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC));
        String second = client.createCreditNote(creditNote("crm-credit:22x102")).guid();
        sim.bookCreditNote(first); // booked by a Dinero user: number 2

        DineroClient.Page changed = client.creditNotePage(ListQuery.all()
                .changesSince(Instant.parse("2026-12-03T08:00:00Z"))
                .fields("Guid", "Number", "Status", "ExternalReference", "UpdatedAt"), 0);

        assertThat(changed.isLast()).isTrue();
        assertThat(changed.records()).hasSize(2);
        Map<String, Object> booked = changed.records().get(0);
        assertThat(booked.get("Guid")).isEqualTo(first);
        assertThat(((Number) booked.get("Number")).longValue()).isEqualTo(2);
        assertThat(booked.get("Status")).isEqualTo("Booked");
        assertThat(booked.get("ExternalReference")).isEqualTo("crm-credit:22x101");
        assertThat(booked.get("UpdatedAt")).isEqualTo("2026-12-03T08:00:00");
        Map<String, Object> draft = changed.records().get(1);
        assertThat(draft.get("Guid")).isEqualTo(second);
        assertThat(draft.get("Status")).isEqualTo("Draft");

        List<Map<String, Object>> ours = client.creditNotes(ListQuery.all().eq("ExternalReference", "crm-credit:22x102")
                .fields("Guid", "Status", "ExternalReference"));
        assertThat(ours).hasSize(1);
        assertThat(ours.get(0).get("Guid")).isEqualTo(second);
        assertThat(ours.get(0).get("Status")).isEqualTo("Draft");
        assertThat(ours.get(0).get("ExternalReference")).isEqualTo("crm-credit:22x102");
        assertThat(client.creditNotes(ListQuery.all().changesSince(Instant.parse("2026-12-04T00:00:00Z")))).isEmpty();
    }

    @Test
    void aBookedInvoicesPdfIsTheSimulatorsBytesInOneRequest() {
        sim.requestLog().clear();

        byte[] pdf = client.invoicePdf(invoice);

        assertThat(pdf).isEqualTo(sim.pdf(DineroSimulator.INVOICES, invoice));
        assertThat(new String(pdf, StandardCharsets.ISO_8859_1)).startsWith("%PDF-").contains("(Faktura 1) Tj");
        assertThat(DineroFixtures.apiRequests(sim)).extracting(e -> e.operation() + " " + e.status())
                .containsExactly("invoices.get 200");
    }

    @Test
    void aDraftHasNoPdfAndTheFailureNamesTheInvoiceAndTheStatus() {
        String draft = sim.putInvoice(DineroFixtures.invoice(contact, List.of(DineroFixtures.line(null, 1, 100, 0))));

        assertThatThrownBy(() -> client.invoicePdf(draft))
                .isInstanceOfSatisfying(DineroException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("PDF of invoice " + draft).contains("HTTP 400")
                            .contains("PDF's can only be generated from booked invoices.");
                });
    }

    @Test
    void anHtmlErrorPageInsteadOfThePdfIsTransientAndTriedAgain() {
        // A 200 HTML page (a PHP fatal, a proxy's page) is the server failing, not its answer about this invoice:
        // transient as for the JSON calls, so the guard asks again and the second answer is the PDF.
        sim.faults().malformedAnswers(r -> r.path().endsWith("/invoices/" + invoice), Faults.Malformed.HTML, 1);
        sim.requestLog().clear();

        byte[] pdf = client.invoicePdf(invoice);

        assertThat(pdf).isEqualTo(sim.pdf(DineroSimulator.INVOICES, invoice));
        assertThat(DineroFixtures.apiRequests(sim)).extracting(e -> e.operation() + " " + e.status() + " " + e.fault())
                .containsExactly("invoices.get 200 html", "invoices.get 200 null");
    }

    @Test
    void aTruncatedPdfIsTransientAndTriedAgain() {
        sim.faults().malformedAnswers(r -> r.path().endsWith("/invoices/" + invoice), Faults.Malformed.TRUNCATED_JSON, 1);
        sim.requestLog().clear();

        byte[] pdf = client.invoicePdf(invoice);

        assertThat(pdf).isEqualTo(sim.pdf(DineroSimulator.INVOICES, invoice));
        assertThat(DineroFixtures.apiRequests(sim)).extracting(e -> e.operation() + " " + e.status() + " " + e.fault())
                .containsExactly("invoices.get 200 truncated", "invoices.get 200 null");
    }

    @Test
    void aPdfTruncatedEveryTimeIsAMalformedTransportFailureNamingTheInvoiceNotBytes() {
        sim.faults().malformedAnswers(r -> r.path().endsWith("/invoices/" + invoice), Faults.Malformed.TRUNCATED_JSON, -1);
        sim.requestLog().clear();

        assertThatThrownBy(() -> client.invoicePdf(invoice))
                .isInstanceOfSatisfying(DineroException.Transport.class, e -> {
                    assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.MALFORMED);
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e.getMessage()).isEqualTo("Dinero PDF of invoice " + invoice
                            + ": HTTP 200 but the PDF is cut off (no %%EOF at its end)");
                });
        assertThat(sim.requestLog().countOperation("invoices.get")).isEqualTo(client.guard().maxAttempts());
    }

    @Test
    void thePdfCheckAllowsWhitespaceAfterEofAndRefusesALengthOtherThanContentLengthOrNothing() {
        byte[] whole = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\r\n  \n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(DineroClient.pdf(new CamelHttpTransport.Answer(200, "", Map.of(), whole), "PDF of invoice g1"))
                .isEqualTo(whole);
        assertThat(DineroClient.pdf(new CamelHttpTransport.Answer(200, "", Map.of("Content-Length", "39"), whole),
                "PDF of invoice g1")).isEqualTo(whole);

        assertThatThrownBy(() -> DineroClient.pdf(new CamelHttpTransport.Answer(200, "",
                Map.of("Content-Length", "900"), whole), "PDF of invoice g1"))
                .isInstanceOfSatisfying(DineroException.Transport.class, e -> {
                    assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.MALFORMED);
                    assertThat(e.getMessage()).isEqualTo(
                            "Dinero PDF of invoice g1: HTTP 200 but 39 bytes arrived of the 900 announced");
                });
        // an empty answer is cut too, as an empty answer to a JSON read is
        assertThatThrownBy(() -> DineroClient.pdf(new CamelHttpTransport.Answer(200, "", Map.of(), new byte[0]),
                "PDF of invoice g1"))
                .isInstanceOfSatisfying(DineroException.Transport.class, e -> {
                    assertThat(e.reason()).isEqualTo(DineroException.Transport.Cause.MALFORMED);
                    assertThat(e.getMessage()).isEqualTo("Dinero PDF of invoice g1: HTTP 200 but the answer is empty");
                });
    }

    @Test
    void anAnswerThatIsNeitherAPdfNorAnErrorPageIsAPermanentFailureNamingTheInvoiceNotBytes() {
        // Not the server failing (no HTML or JSON page) but a wrong kind of answer: asking again would get the same.
        byte[] image = new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

        assertThatThrownBy(() -> DineroClient.pdf(new CamelHttpTransport.Answer(200, "", Map.of(), image),
                "PDF of invoice g1"))
                .isInstanceOfSatisfying(DineroException.class, e -> {
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.httpStatus()).isEqualTo(200);
                    assertThat(e.getMessage()).isEqualTo(
                            "Dinero PDF of invoice g1: HTTP 200 but the answer is not a PDF (it does not start with %PDF-)");
                });
    }

    @Test
    void thePdfsBytesNeverReachTheLogNorAFailureMessage() {
        // Our code to TRACE and Camel's to DEBUG, through a cut answer (retried), an error page and a good answer.
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger("dk.simplydinero"),
                (Logger) LoggerFactory.getLogger("org.apache.camel"));
        List<Level> before = loggers.stream().map(Logger::getLevel).toList();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        loggers.get(0).setLevel(Level.TRACE);
        loggers.get(1).setLevel(Level.DEBUG);
        loggers.forEach(l -> l.addAppender(appender));
        List<String> failures = new ArrayList<>();
        try {
            sim.faults().malformedAnswers(r -> r.path().endsWith("/invoices/" + invoice), Faults.Malformed.TRUNCATED_JSON, 1);
            client.invoicePdf(invoice);
            sim.faults().malformedAnswers(r -> r.path().endsWith("/invoices/" + invoice), Faults.Malformed.TRUNCATED_JSON, -1);
            try {
                client.invoicePdf(invoice);
            } catch (DineroException e) {
                failures.add(e.getMessage());
            }
        } finally {
            loggers.forEach(l -> l.detachAppender(appender));
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).setLevel(before.get(i));
            }
        }

        List<String> lines = appender.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        // the calls were logged (by our client; Camel names the endpoint only when it first makes it, which an
        // earlier test of this class may have done)
        assertThat(lines).anyMatch(l -> l.contains("Dinero PDF of invoice " + invoice));
        assertThat(failures).hasSize(1);
        for (String line : concat(lines, failures)) {
            assertThat(line).doesNotContain("%PDF").doesNotContain("endobj").doesNotContain("(Faktura 1) Tj");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void eachPaymentCarriesItsDineroGuid() {
        sim.addPayment(invoice, new BigDecimal("1000.00"), LocalDate.of(2026, 11, 25));
        sim.addPayment(invoice, new BigDecimal("250.00"), LocalDate.of(2026, 11, 28));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> inDinero = (List<Map<String, Object>>) sim.payments(invoice).get("Payments");
        String firstGuid = inDinero.get(0).get("Guid").toString();
        String secondGuid = inDinero.get(1).get("Guid").toString();
        sim.deletePayment(invoice, firstGuid);

        DineroPaymentsAnswer read = DineroPaymentsAnswer.read(DineroRecord.of("Dinero invoice", "Guid",
                client.getInvoice(invoice)), client.listPayments(invoice));

        assertThat(read.payments()).hasSize(1);
        DineroPaymentsAnswer.Payment payment = read.payments().get(0);
        assertThat(payment.guid()).isEqualTo(secondGuid);
        assertThat(payment.date()).isEqualTo("2026-11-28");
        assertThat(payment.description()).isEqualTo("Indbetaling");
        assertThat(payment.amount()).isEqualByComparingTo("250");
        assertThat(read.received()).isEqualByComparingTo("250");
        assertThat(read.remaining()).isEqualByComparingTo("1000");
    }
}
