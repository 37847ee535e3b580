package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.RequestLog;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, part 2 (service side): {@code GET /api/invoices/{crmId}/pdf} serves the PDF of a linked invoice booked in
 * Dinero, as Dinero makes it, fetched once and then kept in the store (no Dinero request for a second read). CRM
 * invoices are synced to Dinero by a real run; in Dinero the accountant books some. A draft is a 409 saying why
 * (Dinero makes no PDF of it) and Dinero is not asked for one; a CRM invoice the sync did not link is a 404; Dinero
 * refusing is a 409 with its reason, one deleted in Dinero a 404, Dinero not answering a 502; never a 500.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false",
        "security.viewer.name=reader", "security.viewer.password=Viewer-Pw-48",
        // A Dinero that does not answer is given up on quickly (the 502).
        "resilience.max-attempts=2", "resilience.initial-backoff=1ms", "resilience.max-backoff=2ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class ReceiptsApiTest {

    static SimulatedSides sides;
    static String booked;
    static String draft;
    static String deleted;
    static String unreachable;
    static String bookedGuid;
    static String draftGuid;
    static String unreachableGuid;
    static boolean arranged;

    @LocalServerPort
    int port;

    @BeforeAll
    static void seed() {
        List<String> invoices = invoices(sides, "Bogført faktura", "Kladde", "Slettet i Dinero", "Dinero svarer ikke");
        booked = invoices.get(0);
        draft = invoices.get(1);
        deleted = invoices.get(2);
        unreachable = invoices.get(3);
    }

    /** CRM invoices of one customer with one line each (1,000.00 + VAT), described in Dinero by {@code subjects}. */
    static List<String> invoices(SimulatedSides sides, String... subjects) {
        String org = sides.crm.put("Accounts", Map.of("accountname", "Kvittering ApS", "bill_street", "Torvet 1",
                "bill_code", "8000", "bill_city", "Aarhus", "bill_country", "Denmark", "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Konsulenttime", "unit_price", "100",
                "usageunit", "Hours", "assigned_user_id", ""));
        return java.util.Arrays.stream(subjects).map(subject -> sides.crm.put("Invoice", Map.of("subject", subject,
                        "account_id", org, "invoicedate", "2026-11-20", "duedate", "2026-12-04",
                        "currency_id", sides.crm.currencyId("DKK"), "bill_street", "Torvet 1", "ship_street", "Torvet 1",
                        "hdnTaxType", "group", "invoicestatus", "Created", "assigned_user_id", ""),
                List.of(Map.of("productid", product, "quantity", "1", "listprice", "1000", "comment", subject))))
                .toList();
    }

    /** A real CRM → Dinero run makes the drafts; the accountant books two and deletes one draft. */
    private static synchronized void arrange(ApiClient api) {
        if (arranged) {
            return;
        }
        Map<String, Object> run = SimulatedSides.runSync(api);
        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        bookedGuid = guidOf(sides, "Bogført faktura");
        draftGuid = guidOf(sides, "Kladde");
        unreachableGuid = guidOf(sides, "Dinero svarer ikke");
        sides.dinero.bookInvoice(bookedGuid);
        sides.dinero.bookInvoice(unreachableGuid);
        sides.dinero.deleteRecord(DineroSimulator.INVOICES, guidOf(sides, "Slettet i Dinero"));
        arranged = true;
    }

    /** The Guid of the one live Dinero invoice described so. */
    static String guidOf(SimulatedSides sides, String description) {
        List<Map<String, Object>> found = sides.liveDinero(DineroSimulator.INVOICES).stream()
                .filter(i -> description.equals(i.get("Description"))).toList();
        assertThat(found).as("Dinero invoices described %s", description).hasSize(1);
        return found.get(0).get("Guid").toString();
    }

    @Test
    @Order(1)
    void aBookedInvoicesPdfIsDinerosOwnFetchedOnceAndThenKept(ApiClient api, CapturedOutput output) throws Exception {
        arrange(api);
        byte[] dinerosPdf = sides.dinero.pdf(DineroSimulator.INVOICES, bookedGuid);
        RequestLog log = sides.dinero.requestLog();
        log.clear();

        Answer first = get("/api/invoices/" + booked + "/pdf", "admin", SimulatedSides.API_PASSWORD);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(dinerosPdf);
        assertThat(first.header("content-type")).startsWith("application/pdf");
        assertThat(first.header("content-disposition")).isEqualTo("inline; filename=\"faktura-1.pdf\"");
        // The state the sync saw is not known to be booked: one read of the invoice, then its PDF.
        assertThat(log.count(e -> e.operation().equals("invoices.get") && e.path().endsWith("/invoices/" + bookedGuid)))
                .as("Dinero reads of the invoice (JSON, then PDF): %s", log.entries()).isEqualTo(2);
        assertThat(log.count(e -> !e.operation().equals("token"))).as("Dinero requests: %s", log.entries())
                .isEqualTo(2);

        log.clear();
        Answer second = get("/api/invoices/" + booked + "/pdf", "reader", "Viewer-Pw-48");

        assertThat(second.status()).as("a viewer may read it").isEqualTo(200);
        assertThat(second.body()).isEqualTo(dinerosPdf);
        assertThat(second.header("content-disposition")).isEqualTo("inline; filename=\"faktura-1.pdf\"");
        assertThat(log.count(e -> !e.operation().equals("token"))).as("Dinero requests of the second read: %s",
                log.entries()).isZero();
        assertThat(output.getAll()).as("the log").doesNotContain("%PDF");
    }

    @Test
    @Order(2)
    void aDraftIsA409SayingDineroMakesNoPdfOfItAndOnceBookedItsPdfComes(ApiClient api) throws Exception {
        arrange(api);
        RequestLog log = sides.dinero.requestLog();
        log.clear();

        ApiClient.Answer refused = api.get("/api/invoices/" + draft + "/pdf");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).isEqualTo("Invoice " + draft + " is a draft in Dinero:"
                + " Dinero makes a PDF only of a booked invoice");
        assertThat(log.count(e -> !e.operation().equals("token"))).as("only the invoice read, no PDF asked: %s",
                log.entries()).isEqualTo(1);

        // Booked in Dinero since (what the sync last saw of a draft is not trusted): now its PDF.
        long number = sides.dinero.bookInvoice(draftGuid);
        Answer pdf = get("/api/invoices/" + draft + "/pdf", "admin", SimulatedSides.API_PASSWORD);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.body()).isEqualTo(sides.dinero.pdf(DineroSimulator.INVOICES, draftGuid));
        assertThat(pdf.header("content-disposition")).isEqualTo("inline; filename=\"faktura-" + number + ".pdf\"");
    }

    @Test
    @Order(3)
    void noLinkedInvoiceIsA404AndAMalformedIdA400NamingIt(ApiClient api) {
        arrange(api);
        String unknown = sides.crm.idPrefix("Invoice") + "x999999";

        ApiClient.Answer notLinked = api.get("/api/invoices/" + unknown + "/pdf");
        assertThat(notLinked.status()).isEqualTo(404);
        assertThat(notLinked.json().get("error").asText()).isEqualTo("No linked invoice " + unknown
                + ": the sync has not linked this CRM invoice to a Dinero invoice");

        ApiClient.Answer malformed = api.get("/api/invoices/42/pdf");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asText()).contains("crmId");
    }

    @Test
    @Order(4)
    void anInvoiceDeletedInDineroIsA404SayingSo(ApiClient api) {
        arrange(api);

        ApiClient.Answer refused = api.get("/api/invoices/" + deleted + "/pdf");

        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("error").asText()).startsWith("The Dinero invoice of invoice " + deleted
                        + " no longer exists in Dinero")
                .doesNotContain("Exception");
    }

    /** Last: the failures may open Dinero's circuit breaker. */
    @Test
    @Order(5)
    void dineroNotAnsweringIsA502AndNothingIsKept(ApiClient api) throws Exception {
        arrange(api);
        sides.dinero.faults().serverErrorShare(1.0);
        try {
            ApiClient.Answer down = api.get("/api/invoices/" + unreachable + "/pdf");

            assertThat(down.status()).isEqualTo(502);
            assertThat(down.json().get("error").asText()).startsWith("Dinero did not answer with the PDF of invoice "
                    + unreachable);
        } finally {
            sides.dinero.faults().off();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** An answer with its body as the bytes sent (ApiClient reads answers as text). */
    record Answer(int status, byte[] body, HttpResponse<byte[]> response) {
        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    private Answer get(String path, String user, String password) throws Exception {
        return get(port, path, user, password);
    }

    static Answer get(int port, String path, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body(), response);
    }
}
