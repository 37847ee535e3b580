package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credit notes ({@code v1/{org}/sales/creditnotes}), the PDF of booked invoices and credit notes, and payments deleted
 * in Dinero, over raw HTTP as a client sees them.
 */
@Timeout(60)
class DineroCreditNotesSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DineroSimulator sim;
    private String token;
    private String contact;
    private String product;

    @BeforeEach
    void start() throws Exception {
        sim = new DineroSimulator();
        sim.setClock(Clock.fixed(T0, ZoneOffset.UTC));
        sim.tokenLifetime(java.time.Duration.ofDays(30)); // the tests move the clock by days
        sim.start(0);
        token = bearer();
        contact = sim.putContact(Map.of("Name", "Havemøbler ApS", "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false));
        product = sim.putProduct(Map.of("Name", "Bænk", "BaseAmountValue", 400, "Quantity", 1,
                "AccountNumber", 1000, "Unit", "parts"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String bearer() throws Exception {
        String basic = Base64.getEncoder().encodeToString((DineroSimulator.DEMO_CLIENT_ID + ":"
                + DineroSimulator.DEMO_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + DineroSimulator.TOKEN_PATH))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&scope=read+write&username="
                        + DineroSimulator.DEMO_API_KEY + "&password=" + DineroSimulator.DEMO_API_KEY))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private HttpResponse<byte[]> send(String method, String path, String accept, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", accept);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> call(String method, String path, String body) throws Exception {
        return send(method, path, "application/json", body);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String org(String rest) {
        return "/v1/" + DineroSimulator.DEMO_ORGANIZATION_ID + "/" + rest;
    }

    private void at(String instant) {
        sim.setClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    /** A booked invoice of two benches at 400 (800 excl. VAT, 1000 incl.). */
    private String bookedInvoice() {
        String guid = sim.putInvoice(Map.of("ContactGuid", contact, "Date", "2026-11-20", "ExternalReference", "9x42",
                "ProductLines", List.of(bench(2))));
        sim.bookInvoice(guid);
        return guid;
    }

    private Map<String, Object> bench(int quantity) {
        return Map.of("ProductGuid", product, "Description", "Bænk", "Quantity", quantity, "AccountNumber", 1000,
                "Unit", "parts", "Discount", 0, "LineType", "Product", "BaseAmountValue", 400);
    }

    private String creditNoteBody(String creditNoteFor, String externalReference) throws Exception {
        return JSON.writeValueAsString(Map.of("ContactGuid", contact, "Date", "2026-12-01", "Currency", "DKK",
                "Language", "da-DK", "ExternalReference", externalReference,
                "Description", "Kreditnota for faktura 1", "CreditNoteFor", creditNoteFor,
                "ProductLines", List.of(bench(2))));
    }

    private String createCreditNote(String creditNoteFor, String externalReference) throws Exception {
        HttpResponse<byte[]> created = call("POST", org("sales/creditnotes"), creditNoteBody(creditNoteFor, externalReference));
        assertThat(created.statusCode()).as(new String(created.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return json(created).get("Guid").asText();
    }

    @Test
    void aCreditNoteCreatedForABookedInvoiceReadsBackAsADraftNamingTheInvoice() throws Exception {
        String invoice = bookedInvoice();

        HttpResponse<byte[]> created = call("POST", org("sales/creditnotes"), creditNoteBody(invoice, "crm-credit:9x42"));

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode answer = json(created);
        assertThat(answer.size()).isEqualTo(2);
        String guid = answer.get("Guid").asText();
        String timestamp = answer.get("TimeStamp").asText();
        assertThat(timestamp).matches("[0-9A-F]{16}");

        HttpResponse<byte[]> got = call("GET", org("sales/creditnotes/" + guid), null);
        assertThat(got.statusCode()).isEqualTo(200);
        JsonNode note = json(got);
        assertThat(note.get("Guid").asText()).isEqualTo(guid);
        assertThat(note.get("CreditNoteFor").asText()).isEqualTo(invoice);
        assertThat(note.get("Status").asText()).isEqualTo("Draft");
        assertThat(note.get("Number").isNull()).isTrue();
        assertThat(note.get("TimeStamp").asText()).isEqualTo(timestamp);
        assertThat(note.get("ContactGuid").asText()).isEqualTo(contact);
        assertThat(note.get("ContactName").asText()).isEqualTo("Havemøbler ApS");
        assertThat(note.get("ExternalReference").asText()).isEqualTo("crm-credit:9x42");
        assertThat(note.get("Description").asText()).isEqualTo("Kreditnota for faktura 1");
        assertThat(note.get("Date").asText()).isEqualTo("2026-12-01");
        assertThat(note.get("Currency").asText()).isEqualTo("DKK");
        assertThat(note.get("Language").asText()).isEqualTo("da-DK");
        assertThat(note.get("TotalExclVat").decimalValue()).isEqualByComparingTo("800");
        assertThat(note.get("TotalVat").decimalValue()).isEqualByComparingTo("200");
        assertThat(note.get("TotalInclVat").decimalValue()).isEqualByComparingTo("1000");
        JsonNode line = note.get("ProductLines").get(0);
        assertThat(note.get("ProductLines")).hasSize(1);
        assertThat(line.get("ProductGuid").asText()).isEqualTo(product);
        assertThat(line.get("Description").asText()).isEqualTo("Bænk");
        assertThat(line.get("Quantity").decimalValue()).isEqualByComparingTo("2");
        assertThat(line.get("BaseAmountValue").decimalValue()).isEqualByComparingTo("400");
        assertThat(line.get("TotalAmount").decimalValue()).isEqualByComparingTo("800");
        assertThat(note.get("CreatedAt").asText()).isEqualTo("2026-12-01T09:00:00");
        assertThat(note.get("UpdatedAt").asText()).isEqualTo("2026-12-01T09:00:00");
        assertThat(note.get("DeletedAt").isNull()).isTrue();
        // the invoice it credits is left as it was
        assertThat(sim.getRecord(DineroSimulator.INVOICES, invoice)).containsEntry("Status", "Booked");
    }

    @Test
    void aCreateNamesEveryBadFieldAndTheCreditedInvoiceMustExistInTheOrganization() throws Exception {
        String tooLong = "x".repeat(129);
        String body = JSON.writeValueAsString(Map.of("ExternalReference", tooLong, "ProductLines", List.of(
                Map.of("ProductGuid", product, "Quantity", -2, "AccountNumber", 1000, "Discount", 0,
                        "BaseAmountValue", 400))));
        HttpResponse<byte[]> invalid = call("POST", org("sales/creditnotes"), body);
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode error = json(invalid);
        assertThat(error.get("code").asInt()).isEqualTo(42);
        List<String> fields = new ArrayList<>();
        error.get("validationErrors").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("ContactGuid", "CreditNoteFor", "ExternalReference",
                "ProductLines[0].Quantity");
        assertThat(error.get("validationErrors").get("CreditNoteFor").asText()).isEqualTo("The CreditNoteFor field is required.");

        for (String notAnInvoice : List.of("3b7d0e7c-0000-0000-0000-000000000000", contact)) {
            HttpResponse<byte[]> unknown = call("POST", org("sales/creditnotes"), creditNoteBody(notAnInvoice, "r"));
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(json(unknown).get("validationErrors").get("CreditNoteFor").asText())
                    .isEqualTo("The invoice '" + notAnInvoice + "' does not exist.");
        }
        String deleted = sim.putInvoice(Map.of("ContactGuid", contact, "ProductLines", List.of(bench(1))));
        sim.deleteRecord(DineroSimulator.INVOICES, deleted);
        assertThat(json(call("POST", org("sales/creditnotes"), creditNoteBody(deleted, "r")))
                .get("validationErrors").has("CreditNoteFor")).isTrue();
        assertThat(sim.records(DineroSimulator.CREDIT_NOTES)).isEmpty();
    }

    @Test
    void bookingNeedsTheCurrentTimestampGivesANumberAndForbidsDeleting() throws Exception {
        String invoice = bookedInvoice(); // number 1
        String draft = createCreditNote(invoice, "crm-credit:9x42");
        String booked = createCreditNote(invoice, "crm-credit:9x43");
        String stale = sim.getRecord(DineroSimulator.CREDIT_NOTES, booked).get("TimeStamp").toString();

        HttpResponse<byte[]> noTimestamp = call("POST", org("sales/creditnotes/" + booked + "/book"), "{}");
        assertThat(noTimestamp.statusCode()).isEqualTo(400);
        assertThat(json(noTimestamp).get("validationErrors").has("Timestamp")).isTrue();
        HttpResponse<byte[]> wrong = call("POST", org("sales/creditnotes/" + booked + "/book"),
                "{\"Timestamp\":\"00000000000AAAAA\"}");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).get("code").asInt()).isEqualTo(58);

        // invoices and credit notes share one number series (inferred)
        HttpResponse<byte[]> taken = call("POST", org("sales/creditnotes/" + booked + "/book"),
                "{\"Timestamp\":\"" + stale + "\",\"Number\":1}");
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(json(taken).get("validationErrors").get("Number").asText())
                .isEqualTo("The Number 1 is already used by another invoice.");

        at("2026-12-01T10:00:00Z");
        HttpResponse<byte[]> ok = call("POST", org("sales/creditnotes/" + booked + "/book"),
                "{\"Timestamp\":\"" + stale + "\"}");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok).get("Guid").asText()).isEqualTo(booked);
        assertThat(json(ok).get("Number").asLong()).isEqualTo(2);

        JsonNode note = json(call("GET", org("sales/creditnotes/" + booked), null));
        assertThat(note.get("Status").asText()).isEqualTo("Booked");
        assertThat(note.get("Number").asLong()).isEqualTo(2);
        assertThat(note.get("UpdatedAt").asText()).isEqualTo("2026-12-01T10:00:00");
        assertThat(note.get("TimeStamp").asText()).isNotEqualTo(stale).isEqualTo(json(ok).get("TimeStamp").asText());
        HttpResponse<byte[]> again = call("POST", org("sales/creditnotes/" + booked + "/book"),
                "{\"Timestamp\":\"" + note.get("TimeStamp").asText() + "\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> staleAfterBooking = call("POST", org("sales/creditnotes/" + draft + "/book"),
                "{\"Timestamp\":\"" + stale + "\"}");
        assertThat(json(staleAfterBooking).get("code").asInt()).isEqualTo(58);

        HttpResponse<byte[]> refused = call("DELETE", org("sales/creditnotes/" + booked), null);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("code").asInt()).isEqualTo(42);
        assertThat(sim.getRecord(DineroSimulator.CREDIT_NOTES, booked).get("DeletedAt")).isNull();

        assertThat(call("DELETE", org("sales/creditnotes/" + draft), null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> gone = call("GET", org("sales/creditnotes/" + draft), null);
        assertThat(gone.statusCode()).isEqualTo(400);
        assertThat(sim.getRecord(DineroSimulator.CREDIT_NOTES, draft).get("DeletedAt")).isEqualTo("2026-12-01T10:00:00");
    }

    @Test
    void aDineroUserBooksACreditNoteAndItIsInTheNextChangesSinceList() throws Exception {
        String invoice = bookedInvoice(); // number 1
        String note = createCreditNote(invoice, "crm-credit:9x42");
        at("2026-12-02T08:00:00Z");

        assertThat(sim.bookCreditNote(note)).isEqualTo(2);

        JsonNode rows = json(call("GET", org("sales/creditnotes?changesSince=2026-12-02T08:00:00Z&fields=Guid,Number,Status,UpdatedAt"), null))
                .get("Collection");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("Guid").asText()).isEqualTo(note);
        assertThat(rows.get(0).get("Number").asLong()).isEqualTo(2);
        assertThat(rows.get(0).get("Status").asText()).isEqualTo("Booked");
        assertThat(rows.get(0).get("UpdatedAt").asText()).isEqualTo("2026-12-02T08:00:00");
    }

    @Test
    void theListFiltersAndPagesLikeTheInvoicesListAndNeverShowsCreditNoteFor() throws Exception {
        String invoice = bookedInvoice();
        String other = sim.putContact(Map.of("Name", "Løvens Kaffebar", "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false));
        String first = createCreditNote(invoice, "crm-credit:9x42");
        at("2026-12-03T08:00:00Z");
        String second = createCreditNote(invoice, "crm-credit:9x43");
        String third = JSON.readTree(call("POST", org("sales/creditnotes"), creditNoteBody(invoice, "crm-credit:9x44")
                .replace(contact, other).replace("Kreditnota for faktura 1", "Returvarer")).body()).get("Guid").asText();
        sim.bookCreditNote(second);

        // default fields: Dinero's short list; a draft shows Long.MAX_VALUE as Number when asked
        JsonNode all = json(call("GET", org("sales/creditnotes"), null));
        assertThat(all.get("Collection")).hasSize(3);
        List<String> defaults = new ArrayList<>();
        all.get("Collection").get(0).fieldNames().forEachRemaining(defaults::add);
        assertThat(defaults).containsExactly("Guid", "ContactName", "Date", "Description", "Type");
        assertThat(all.get("Collection").get(0).get("Type").asText()).isEqualTo("CreditNote");
        JsonNode pagination = all.get("Pagination");
        assertThat(pagination.get("Result").asInt()).isEqualTo(3);
        assertThat(pagination.get("Page").asInt()).isEqualTo(0);
        assertThat(pagination.get("PageSize").asInt()).isEqualTo(100);

        JsonNode asked = json(call("GET", org("sales/creditnotes?fields=guid,Number,CreditNoteFor,Status,ExternalReference"), null))
                .get("Collection").get(0);
        List<String> names = new ArrayList<>();
        asked.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("guid", "Number", "Status", "ExternalReference");
        assertThat(asked.get("guid").asText()).isEqualTo(first);
        assertThat(asked.get("Number").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(asked.get("Status").asText()).isEqualTo("Draft");

        assertThat(guids("queryFilter=ExternalReference+eq+'crm-credit:9x43'")).containsExactly(second);
        assertThat(guids("queryFilter=ContactGuid+eq+'" + other + "'")).containsExactly(third);
        assertThat(guids("queryFilter=Description+contains+'retur'")).containsExactly(third);
        assertThat(guids("statusFilter=Booked")).containsExactly(second);
        assertThat(guids("statusFilter=Draft,Booked")).containsExactly(first, second, third);
        assertThat(guids("changesSince=2026-12-03T08:00:00Z")).containsExactly(second, third);
        assertThat(guids("pageSize=2&page=1")).containsExactly(third);

        // the invoices list takes statusFilter too, matched against the payment state
        JsonNode booked = json(call("GET", org("invoices?fields=Guid,Status&statusFilter=Booked,Overdue"), null))
                .get("Collection");
        assertThat(booked).hasSize(1);
        assertThat(booked.get(0).get("Guid").asText()).isEqualTo(invoice);
        assertThat(json(call("GET", org("invoices?fields=Guid&statusFilter=Draft"), null)).get("Collection")).isEmpty();

        sim.deleteRecord(DineroSimulator.CREDIT_NOTES, first);
        assertThat(guids("")).containsExactly(second, third);
        assertThat(guids("deletedOnly=true")).containsExactly(first);

        for (String bad : List.of("queryFilter=CreditNoteFor+eq+'" + invoice + "'", "statusFilter=Cancelled",
                "changesSince=yesterday")) {
            HttpResponse<byte[]> refused = call("GET", org("sales/creditnotes?" + bad + "&fields=Guid"), null);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(refused).get("code").asInt()).as(bad).isEqualTo(42);
        }
    }

    private List<String> guids(String query) throws Exception {
        HttpResponse<byte[]> r = call("GET", org("sales/creditnotes?fields=Guid&" + query), null);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r).get("Collection").forEach(row -> out.add(row.get("Guid").asText()));
        return out;
    }

    @Test
    void creditNotesLiveUnderSalesOnlyAndCannotBeReplaced() throws Exception {
        String note = createCreditNote(bookedInvoice(), "crm-credit:9x42");
        assertThat(call("GET", org("creditnotes/" + note), null).statusCode()).isEqualTo(404);
        assertThat(call("GET", org("creditnotes"), null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", org("sales/creditnotes/" + note), "{}").statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/v1.2/" + DineroSimulator.DEMO_ORGANIZATION_ID + "/sales/creditnotes/" + note, "{}")
                .statusCode()).isEqualTo(404);
        assertThat(sim.requestLog().countOperation("creditnotes.get")).isEqualTo(0);
    }

    @Test
    void aBookedInvoiceAnswersAPdfNamingItsNumberWhenAskedForOctetStream() throws Exception {
        String invoice = bookedInvoice();

        HttpResponse<byte[]> pdf = send("GET", org("invoices/" + invoice), "application/octet-stream", null);

        assertThat(pdf.statusCode()).isEqualTo(200);
        String text = new String(pdf.body(), StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("%PDF-1.4\n").contains("(Faktura 1) Tj").endsWith("%%EOF\n");
        assertThat(send("GET", org("invoices/" + invoice), "application/octet-stream", null).body()).isEqualTo(pdf.body());
        assertThat(sim.pdf(DineroSimulator.INVOICES, invoice)).isEqualTo(pdf.body());
        // a JSON Accept still gets the JSON record
        HttpResponse<byte[]> asJson = call("GET", org("invoices/" + invoice), null);
        assertThat(asJson.statusCode()).isEqualTo(200);
        assertThat(json(asJson).get("Number").asLong()).isEqualTo(1);

        String note = createCreditNote(invoice, "crm-credit:9x42");
        sim.bookCreditNote(note);
        HttpResponse<byte[]> notePdf = send("GET", org("sales/creditnotes/" + note), "application/octet-stream", null);
        assertThat(notePdf.statusCode()).isEqualTo(200);
        assertThat(new String(notePdf.body(), StandardCharsets.ISO_8859_1)).startsWith("%PDF-1.4\n")
                .contains("(Kreditnota 2) Tj");
    }

    @Test
    void aDraftHasNoPdfAndSaysSoInDinerosErrorShape() throws Exception {
        String draft = sim.putInvoice(Map.of("ContactGuid", contact, "ProductLines", List.of(bench(1))));

        HttpResponse<byte[]> refused = send("GET", org("invoices/" + draft), "application/octet-stream", null);

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused);
        assertThat(error.get("code").asInt()).isEqualTo(42);
        assertThat(error.get("validationErrors").get("Guid").asText())
                .isEqualTo("PDF's can only be generated from booked invoices.");

        String note = createCreditNote(bookedInvoice(), "crm-credit:9x42");
        assertThat(send("GET", org("sales/creditnotes/" + note), "application/octet-stream", null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aDraftInvoiceCannotBeCreditedByDefaultNamingCreditNoteFor() throws Exception {
        // A credit note credits a booked invoice; a draft is simply edited (knob creditNoteNeedsBookedInvoice, on).
        String draft = sim.putInvoice(Map.of("ContactGuid", contact, "ProductLines", List.of(bench(2))));

        HttpResponse<byte[]> refused = call("POST", org("sales/creditnotes"), creditNoteBody(draft, "crm-credit:9x43"));

        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json(refused);
        assertThat(error.get("code").asInt()).isEqualTo(42);
        List<String> fields = new ArrayList<>();
        error.get("validationErrors").fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("CreditNoteFor");
        assertThat(error.get("validationErrors").get("CreditNoteFor").asText())
                .isEqualTo("The invoice '" + draft + "' is a draft: only a booked invoice can be credited.");
        assertThat(sim.records(DineroSimulator.CREDIT_NOTES)).isEmpty();
    }

    @Test
    void withTheKnobOffADraftInvoiceCanBeCredited() throws Exception {
        sim.creditNoteNeedsBookedInvoice(false);
        String draft = sim.putInvoice(Map.of("ContactGuid", contact, "ProductLines", List.of(bench(2))));

        String note = createCreditNote(draft, "crm-credit:9x43");

        assertThat(sim.getRecord(DineroSimulator.CREDIT_NOTES, note)).containsEntry("CreditNoteFor", draft);
    }

    @Test
    void bookingACreditNoteLeavesTheInvoicesPaymentsAloneByDefault() throws Exception {
        String invoice = bookedInvoice(); // 1000 incl. VAT
        String note = createCreditNote(invoice, "crm-credit:9x42");
        Object timestamp = sim.getRecord(DineroSimulator.INVOICES, invoice).get("TimeStamp");

        sim.bookCreditNote(note);

        JsonNode payments = json(call("GET", org("invoices/" + invoice + "/payments"), null));
        assertThat(payments.get("Payments")).isEmpty();
        assertThat(payments.get("PaidAmount").decimalValue()).isEqualByComparingTo("0");
        assertThat(payments.get("RemainingAmount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(sim.getRecord(DineroSimulator.INVOICES, invoice)).containsEntry("TimeStamp", timestamp);
    }

    @Test
    void withTheKnobOnBookingACreditNotePaysTheInvoiceItCredits() throws Exception {
        sim.creditNoteBookingPaysInvoice(true);
        String invoice = bookedInvoice(); // number 1, 1000 incl. VAT
        String note = createCreditNote(invoice, "crm-credit:9x42"); // dated 2026-12-01, 1000 incl. VAT
        Object timestamp = sim.getRecord(DineroSimulator.INVOICES, invoice).get("TimeStamp");
        at("2026-12-03T10:00:00Z");
        String bookTimestamp = json(call("GET", org("sales/creditnotes/" + note), null)).get("TimeStamp").asText();

        HttpResponse<byte[]> booked = call("POST", org("sales/creditnotes/" + note + "/book"),
                JSON.writeValueAsString(Map.of("Timestamp", bookTimestamp)));
        assertThat(booked.statusCode()).isEqualTo(200);

        JsonNode payments = json(call("GET", org("invoices/" + invoice + "/payments"), null));
        assertThat(payments.get("Payments")).hasSize(1);
        JsonNode payment = payments.get("Payments").get(0);
        assertThat(payment.get("Guid").asText()).matches("[0-9a-f-]{36}");
        assertThat(payment.get("PaymentDate").asText()).isEqualTo("2026-12-01");
        assertThat(payment.get("Description").asText()).isEqualTo("Kreditnota 2");
        assertThat(payment.get("Amount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(payment.get("DepositAccountNumber").isNull()).isTrue();
        assertThat(payments.get("PaidAmount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(payments.get("RemainingAmount").decimalValue()).isEqualByComparingTo("0");
        Map<String, Object> invoiceNow = sim.getRecord(DineroSimulator.INVOICES, invoice);
        assertThat(invoiceNow.get("TimeStamp")).isNotEqualTo(timestamp);
        assertThat(invoiceNow.get("UpdatedAt")).isEqualTo("2026-12-03T10:00:00");
    }

    @Test
    void aPaymentDeletedInDineroDisappearsFromTheInvoicesPayments() throws Exception {
        String invoice = bookedInvoice(); // 1000 incl. VAT
        sim.addPayment(invoice, new BigDecimal("400.00"), LocalDate.of(2026, 11, 25));
        sim.addPayment(invoice, new BigDecimal("250.00"), LocalDate.of(2026, 11, 28));
        JsonNode before = json(call("GET", org("invoices/" + invoice + "/payments"), null));
        String first = before.get("Payments").get(0).get("Guid").asText();
        String second = before.get("Payments").get(1).get("Guid").asText();
        Object timestamp = sim.getRecord(DineroSimulator.INVOICES, invoice).get("TimeStamp");

        sim.deletePayment(invoice, first);

        JsonNode after = json(call("GET", org("invoices/" + invoice + "/payments"), null));
        assertThat(after.get("Payments")).hasSize(1);
        JsonNode left = after.get("Payments").get(0);
        assertThat(left.get("Guid").asText()).isEqualTo(second);
        assertThat(left.get("PaymentDate").asText()).isEqualTo("2026-11-28");
        assertThat(left.get("Amount").decimalValue()).isEqualByComparingTo("250");
        assertThat(after.get("PaidAmount").decimalValue()).isEqualByComparingTo("250");
        assertThat(after.get("RemainingAmount").decimalValue()).isEqualByComparingTo("750");
        assertThat(sim.getRecord(DineroSimulator.INVOICES, invoice).get("TimeStamp")).isNotEqualTo(timestamp);
    }
}
