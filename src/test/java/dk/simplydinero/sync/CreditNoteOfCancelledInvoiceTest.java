package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14.3, CRM → Dinero: a CRM invoice set to {@code Cancel} whose Dinero twin is booked gets one credit-note draft
 * in Dinero for the whole invoice (never booked by us), made once: none on the next run, none more after a lost create
 * answer. A cancelled invoice whose twin is a draft, and {@code sync.credit-notes=off}, get none. In both directions
 * where CRM → Dinero runs.
 */
@ExtendWith(Simulators.class)
class CreditNoteOfCancelledInvoiceTest {

    SimulatedSides sides;
    /** Both simulators' and the service's clock: runs 30 minutes apart, so no feed's overlap reads a record again. */
    private final MovableClock clock = new MovableClock();

    private String org;
    private String product;
    private String invoice;

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"crm-to-dinero", "both"})
    void aCancelledInvoiceWhoseTwinIsBookedGetsOneCreditNoteDraft(String direction) {
        try (ConfigurableApplicationContext service = start(direction, "draft")) {
            ApiClient api = SimulatedSides.api(service);
            String guid = bookedTwin(api);

            cancel();
            sides.dinero.requestLog().clear();
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().count(e -> e.operation().equals("creditnotes.create"))).isEqualTo(1);
            assertOneCreditNoteDraftFor(guid, "2026-11-02");
            assertThat(String.valueOf(run.get("message"))).contains("credit-note draft")
                    .contains("CRM invoice " + invoice);
            assertBookedInvoiceUntouched(guid);

            // The next run, the cancelled invoice back in the CRM's feed (edited again): nothing asked of Dinero for it.
            clock.advance(Duration.ofMinutes(30));
            sides.crm.change(invoice, Map.of("invoicestatus", "Cancel"));
            clock.advance(Duration.ofMinutes(30));
            sides.dinero.requestLog().clear();
            Map<String, Object> next = SimulatedSides.runSync(api);

            assertThat(next.get("status")).as(String.valueOf(next)).isEqualTo("succeeded");
            // Both ways, the run also reads Dinero's credit-note feed (module creditnotes, issue 14.3): its one list
            // per run is no request about this invoice.
            assertThat(sides.dinero.requestLog().count(e -> e.operation().startsWith("creditnotes.")
                    && !e.operation().equals("creditnotes.list")))
                    .as("credit-note requests of the run after").isZero();
            assertThat(sides.dinero.requestLog().count(e -> e.path().contains(guid)))
                    .as("requests naming the credited invoice in the run after").isZero();
            assertOneCreditNoteDraftFor(guid, "2026-11-02");
        }
    }

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"crm-to-dinero", "both"})
    void aLostCreateAnswerStillMakesOneCreditNote(String direction) {
        try (ConfigurableApplicationContext service = start(direction, "draft")) {
            ApiClient api = SimulatedSides.api(service);
            String guid = bookedTwin(api);

            cancel();
            // Dinero stores the credit note, its answer comes back cut off.
            sides.dinero.faults().malformedAnswers(r -> "POST".equals(r.method())
                    && r.path().endsWith("/sales/creditnotes"), Faults.Malformed.TRUNCATED_JSON, 1);
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.dinero.faults().malformedAnswers()).as("answers lost").isEqualTo(1);
            assertThat(sides.dinero.requestLog().count(e -> e.operation().equals("creditnotes.create")))
                    .as("credit-note creates: the lost one, then found by its ExternalReference").isEqualTo(1);
            assertOneCreditNoteDraftFor(guid, "2026-11-02");

            clock.advance(Duration.ofMinutes(30));
            sides.crm.change(invoice, Map.of("invoicestatus", "Cancel"));
            clock.advance(Duration.ofMinutes(30));
            Map<String, Object> next = SimulatedSides.runSync(api);
            assertThat(next.get("status")).as(String.valueOf(next)).isEqualTo("succeeded");
            assertOneCreditNoteDraftFor(guid, "2026-11-02");
        }
    }

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"crm-to-dinero", "both"})
    void offMakesNoCreditNote(String direction) {
        try (ConfigurableApplicationContext service = start(direction, "off")) {
            ApiClient api = SimulatedSides.api(service);
            String guid = bookedTwin(api);

            cancel();
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.dinero.records(DineroSimulator.CREDIT_NOTES)).isEmpty();
            assertBookedInvoiceUntouched(guid);
        }
    }

    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"crm-to-dinero", "both"})
    void aCancelledInvoiceWhoseTwinIsADraftGetsNoCreditNote(String direction) {
        try (ConfigurableApplicationContext service = start(direction, "draft")) {
            ApiClient api = SimulatedSides.api(service);
            String guid = twin(api);

            cancel();
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.dinero.records(DineroSimulator.CREDIT_NOTES)).isEmpty();
            Map<String, Object> draft = sides.dinero.getRecord(DineroSimulator.INVOICES, guid);
            assertThat(draft).containsEntry("Status", "Draft").containsEntry("DeletedAt", null);
        }
    }

    /**
     * Both ways, an invoice the bookkeeper credited in Dinero already (a booked credit note the run read, so the CRM
     * invoice became a Credit Invoice) and then cancelled in the CRM gets no second credit note: that would credit the
     * customer twice.
     */
    @Test
    void anInvoiceCreditedInDineroAlreadyGetsNoSecondCreditNoteWhenCancelled() {
        try (ConfigurableApplicationContext service = start("both", "draft")) {
            ApiClient api = SimulatedSides.api(service);
            String guid = bookedTwin(api);
            Map<String, Object> booked = sides.dinero.getRecord(DineroSimulator.INVOICES, guid);
            Map<String, Object> byBookkeeper = new java.util.LinkedHashMap<>();
            for (String field : List.of("ContactGuid", "Currency", "Language", "ProductLines")) {
                byBookkeeper.put(field, booked.get(field));
            }
            byBookkeeper.put("CreditNoteFor", guid);
            byBookkeeper.put("Date", "2026-11-02");
            byBookkeeper.put("Description", "Returnerede kasser");
            sides.dinero.bookCreditNote(sides.dinero.putRecord(DineroSimulator.CREDIT_NOTES, byBookkeeper));
            clock.advance(Duration.ofMinutes(30));
            Map<String, Object> credited = SimulatedSides.runSync(api);
            assertThat(credited.get("status")).as(String.valueOf(credited)).isEqualTo("succeeded");
            assertThat(sides.crm.get(invoice)).containsEntry("invoicestatus", "Credit Invoice");
            clock.advance(Duration.ofMinutes(30));

            cancel();
            sides.dinero.requestLog().clear();
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().count(e -> e.operation().equals("creditnotes.create")))
                    .as("credit notes made of an invoice credited already").isZero();
            assertThat(sides.liveDinero(DineroSimulator.CREDIT_NOTES)).extracting(n -> n.get("Description"))
                    .containsExactly("Returnerede kasser");
            assertThat(String.valueOf(run.get("message"))).contains("CRM invoice " + invoice + " is cancelled, and its"
                    + " Dinero invoice " + guid + " has a booked credit note already: no credit-note draft");
        }
    }

    /** Dated the day it is made in Denmark: past 23:00 UTC in November it is the next day there. */
    @ParameterizedTest(name = "sync.direction={0}")
    @ValueSource(strings = {"crm-to-dinero"})
    void aCreditNoteIsDatedTodayInDenmark(String direction) {
        try (ConfigurableApplicationContext service = start(direction, "draft")) {
            ApiClient api = SimulatedSides.api(service);
            String guid = bookedTwin(api);

            cancel();
            clock.set(Instant.parse("2026-11-02T23:30:00Z"));
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertOneCreditNoteDraftFor(guid, "2026-11-03");
        }
    }

    /** The one credit note Dinero holds, field by field: a draft crediting the whole invoice (2 × 150 + 25 % VAT). */
    private void assertOneCreditNoteDraftFor(String invoiceGuid, String date) {
        List<Map<String, Object>> notes = sides.liveDinero(DineroSimulator.CREDIT_NOTES);
        assertThat(notes).as("credit notes in Dinero").hasSize(1);
        Map<String, Object> note = sides.dinero.getRecord(DineroSimulator.CREDIT_NOTES, notes.get(0).get("Guid").toString());
        Map<String, Object> credited = sides.dinero.getRecord(DineroSimulator.INVOICES, invoiceGuid);
        String productGuid = sides.liveDinero(DineroSimulator.PRODUCTS).get(0).get("ProductGuid").toString();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(note.get("CreditNoteFor")).isEqualTo(invoiceGuid);
        soft.assertThat(note.get("Status")).isEqualTo("Draft");
        soft.assertThat(note.get("Number")).isNull();
        soft.assertThat(note.get("ExternalReference")).isEqualTo("crm-credit:" + invoice);
        soft.assertThat(note.get("ContactGuid")).isEqualTo(credited.get("ContactGuid"));
        soft.assertThat(note.get("Currency")).isEqualTo("DKK");
        soft.assertThat(note.get("Language")).isEqualTo("da-DK");
        soft.assertThat(note.get("Date")).isEqualTo(date);
        soft.assertThat(note.get("Description")).isEqualTo("Kreditnota for faktura 1");
        soft.assertThat(new BigDecimal(note.get("TotalExclVat").toString())).isEqualByComparingTo("300.00");
        soft.assertThat(new BigDecimal(note.get("TotalInclVat").toString())).isEqualByComparingTo("375.00");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) note.get("ProductLines");
        soft.assertThat(lines).hasSize(1);
        if (lines != null && lines.size() == 1) {
            Map<String, Object> line = lines.get(0);
            soft.assertThat(line.get("ProductGuid")).isEqualTo(productGuid);
            soft.assertThat(line.get("Description")).isEqualTo("Kasser");
            soft.assertThat(new BigDecimal(line.get("Quantity").toString())).isEqualByComparingTo("2");
            soft.assertThat(new BigDecimal(line.get("BaseAmountValue").toString())).isEqualByComparingTo("150");
            soft.assertThat(line.get("LineType")).isEqualTo("Product");
        }
        soft.assertAll();
    }

    /** The booked invoice is as the accountant left it. */
    private void assertBookedInvoiceUntouched(String guid) {
        Map<String, Object> inDinero = sides.dinero.getRecord(DineroSimulator.INVOICES, guid);
        assertThat(inDinero).containsEntry("Status", "Booked").containsEntry("Description", "Fiskekasser november");
        assertThat(new BigDecimal(inDinero.get("TotalInclVat").toString())).isEqualByComparingTo("375.00");
    }

    /** A CRM invoice synced to a Dinero draft, which the accountant books (and a run reads in both directions). */
    private String bookedTwin(ApiClient api) {
        String guid = twin(api);
        sides.dinero.bookInvoice(guid);
        clock.advance(Duration.ofMinutes(30));
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        clock.advance(Duration.ofMinutes(30));
        return guid;
    }

    /** A CRM invoice synced to a Dinero draft; its guid. */
    private String twin(ApiClient api) {
        org = sides.crm.put("Accounts", Map.of("accountname", "Havnens Fisk ApS", "bill_street", "Kajen 4",
                "bill_code", "6700", "bill_city", "Esbjerg", "bill_country", "Denmark", "cf_853", "DK55667788",
                "assigned_user_id", ""));
        product = sides.crm.put("Products", Map.of("productname", "Fiskekasse", "unit_price", "150",
                "usageunit", "Box", "assigned_user_id", ""));
        invoice = sides.crm.put("Invoice", Map.of("subject", "Fiskekasser november", "account_id", org,
                        "invoicedate", "2026-11-02", "duedate", "2026-11-16",
                        "currency_id", sides.crm.currencyId("DKK"), "bill_street", "Kajen 4", "ship_street", "Kajen 4",
                        "hdnTaxType", "group", "invoicestatus", "Created", "assigned_user_id", ""),
                List.of(Map.of("productid", product, "quantity", "2", "listprice", "150", "comment", "Kasser")));
        Map<String, Object> first = SimulatedSides.runSync(api);
        assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
        assertThat(sides.liveDinero(DineroSimulator.INVOICES)).hasSize(1);
        clock.advance(Duration.ofMinutes(30));
        return sides.liveDinero(DineroSimulator.INVOICES).get(0).get("Guid").toString();
    }

    /** The salesperson cancels the sale in the CRM; the next run comes later. */
    private void cancel() {
        sides.crm.change(invoice, Map.of("invoicestatus", "Cancel"));
        clock.advance(Duration.ofMinutes(30));
    }

    private ConfigurableApplicationContext start(String direction, String creditNotes) {
        clock.set(Instant.parse("2026-11-02T08:00:00Z"));
        sides.crm.setClock(clock);
        sides.dinero.setClock(clock);
        return sides.startService(clock, "--sync.direction=" + direction, "--sync.credit-notes=" + creditNotes,
                "--sync.modules=organizations,products,invoices");
    }
}
