package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator over raw HTTP, as the real API answers: the traps a client must survive. */
@Timeout(60)
class DineroSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private DineroSimulator sim;

    @BeforeEach
    void start() {
        sim = new DineroSimulator();
        sim.start(0);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> token(String clientId, String secret, String key) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + DineroSimulator.TOKEN_PATH))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&scope=read+write&username=" + key + "&password=" + key))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String bearer() throws Exception {
        return JSON.readTree(token(DineroSimulator.DEMO_CLIENT_ID, DineroSimulator.DEMO_CLIENT_SECRET,
                DineroSimulator.DEMO_API_KEY).body()).get("access_token").asText();
    }

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String org(String rest) {
        return "/v1/" + DineroSimulator.DEMO_ORGANIZATION_ID + "/" + rest;
    }

    @Test
    void tokenEndpoint() throws Exception {
        HttpResponse<String> ok = token(DineroSimulator.DEMO_CLIENT_ID, DineroSimulator.DEMO_CLIENT_SECRET, DineroSimulator.DEMO_API_KEY);
        JsonNode body = JSON.readTree(ok.body());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(body.has("access_token")).isTrue();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3600);

        HttpResponse<String> badKey = token(DineroSimulator.DEMO_CLIENT_ID, DineroSimulator.DEMO_CLIENT_SECRET, "nope");
        assertThat(badKey.statusCode()).isEqualTo(400);
        assertThat(badKey.body()).contains("invalid_grant");
        HttpResponse<String> badClient = token(DineroSimulator.DEMO_CLIENT_ID, "nope", DineroSimulator.DEMO_API_KEY);
        assertThat(badClient.statusCode()).isEqualTo(401);
        assertThat(badClient.body()).contains("invalid_client");
        assertThat(sim.requestLog().countOperation("token")).isEqualTo(3);
    }

    @Test
    void authPathsAndHtml404() throws Exception {
        assertThat(call("GET", org("contacts"), null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", org("contacts"), "made-up", null).statusCode()).isEqualTo(401);
        String token = bearer();
        HttpResponse<String> unknownPath = call("GET", org("vouchers"), token, null);
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        assertThat(unknownPath.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        HttpResponse<String> unknownRecord = call("GET", org("contacts/3b7d0e7c-0000-0000-0000-000000000000"), token, null);
        assertThat(unknownRecord.statusCode()).isEqualTo(404);
        assertThat(unknownRecord.body()).startsWith("<!DOCTYPE html");
        // invoices are updated through v1.2 only
        assertThat(call("PUT", org("invoices/x"), token, "{}").statusCode()).isEqualTo(404);

        sim.addOrganization("999", "other-key", true);
        assertThat(call("GET", "/v1/999/contacts", token, null).statusCode()).isEqualTo(403);
        sim.setPro(DineroSimulator.DEMO_ORGANIZATION_ID, false);
        HttpResponse<String> noPro = call("GET", org("contacts"), token, null);
        assertThat(noPro.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(noPro.body()).get("code").asInt()).isEqualTo(48);
    }

    @Test
    void createAnswersAreSmallAndValidationBodyIsDinerosShape() throws Exception {
        String token = bearer();
        HttpResponse<String> created = call("POST", org("contacts"), token,
                "{\"Name\":\"Børge Lund\",\"CountryKey\":\"DK\",\"IsPerson\":true,\"IsMember\":false,\"UseCvr\":false}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode answer = JSON.readTree(created.body());
        assertThat(answer.size()).isEqualTo(1);
        assertThat(answer.has("ContactGuid")).isTrue();

        HttpResponse<String> invalid = call("POST", org("contacts"), token, "{\"Name\":\"\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(invalid.body());
        assertThat(error.get("code").asInt()).isEqualTo(42);
        assertThat(error.get("validationErrors").fieldNames()).toIterable()
                .contains("Name", "CountryKey", "IsPerson", "IsMember", "UseCvr");
        assertThat(error.get("languageSpecificMessages").get(0).has("property")).isTrue();
        assertThat(error.get("errorMessageList").get(0).has("Code")).isTrue();

        JsonNode read = JSON.readTree(call("GET", org("contacts/" + answer.get("ContactGuid").asText()), token, null).body());
        assertThat(read.get("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?");
        assertThat(read.get("Phone").asText()).isEmpty();
        assertThat(read.get("Webpage").isNull()).isTrue();
        assertThat(read.get("ZipCode").isTextual()).isTrue();
    }

    @Test
    void listShapeDraftNumberAndStatusCarryingThePaymentState() throws Exception {
        sim.seedDemoData();
        String token = bearer();
        JsonNode list = JSON.readTree(call("GET", org("invoices?pageSize=3&page=0"), token, null).body());
        assertThat(list.get("Collection")).hasSize(3);
        JsonNode pagination = list.get("Pagination");
        assertThat(pagination.get("MaxPageSizeAllowed").asInt()).isEqualTo(1000);
        assertThat(pagination.get("PageSize").asInt()).isEqualTo(3);
        assertThat(pagination.get("Page").asInt()).isZero();
        assertThat(pagination.get("Result").asInt()).isEqualTo(7);

        JsonNode all = JSON.readTree(call("GET", org("invoices"), token, null).body()).get("Collection");
        boolean draftSeen = false;
        for (JsonNode row : all) {
            assertThat(row.has("PaymentStatus")).isFalse();
            if (row.get("Number").asLong() == Long.MAX_VALUE) {
                draftSeen = true;
                assertThat(row.get("Status").asText()).isEqualTo("Draft");
            }
        }
        assertThat(draftSeen).isTrue();
        assertThat(all.findValuesAsText("Status")).contains("Overdue", "Paid", "OverPaid");
        Map<String, Object> sample = sim.records(DineroSimulator.INVOICES).get(0);
        assertThat(sample).containsKey("TimeStamp").doesNotContainKey("Timestamp");
    }

    /**
     * A list row holds the list's model only (Dinero's API reference names its fields): asking for the lines gives
     * rows without them, so a sync that needs them must GET the invoice.
     */
    @Test
    void invoiceListRowsHoldNoLinesWhateverFieldsAsks() throws Exception {
        sim.seedDemoData();
        String token = bearer();
        JsonNode rows = JSON.readTree(call("GET", org("invoices?fields=Guid,ProductLines,ContactGuid,UpdatedAt"),
                token, null).body()).get("Collection");
        assertThat(rows).hasSize(7);
        for (JsonNode row : rows) {
            assertThat(row.has("Guid")).isTrue();
            assertThat(row.has("ContactGuid")).isTrue();
            assertThat(row.has("UpdatedAt")).isTrue();
            assertThat(row.has("ProductLines")).as(row.toString()).isFalse();
        }
        String guid = rows.get(0).get("Guid").asText();
        JsonNode whole = JSON.readTree(call("GET", org("invoices/" + guid), token, null).body());
        assertThat(whole.has("ProductLines")).isTrue();
        assertThat(whole.has("PaymentStatus")).isTrue();
    }

    /**
     * With the knob on, a payment leaves UpdatedAt alone (not in a changesSince list). A list row's Status shows a full
     * payment (Paid) but not a part of one: it stays Booked, and the row has no amount paid.
     */
    @Test
    void listStatusShowsAFullPaymentNotAPartAndTheKnobLeavesUpdatedAtAlone() throws Exception {
        sim.paymentsLeaveUpdatedAtAlone(true);
        String contact = sim.putContact(Map.of("Name", "Havemøbler ApS", "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false));
        String product = sim.putProduct(Map.of("Name", "Bænk", "BaseAmountValue", 400, "Quantity", 1,
                "AccountNumber", 1000, "Unit", "parts"));
        String guid = sim.putInvoice(Map.of("ContactGuid", contact, "Date", java.time.LocalDate.now().toString(),
                "PaymentConditionType", "Netto", "PaymentConditionNumberOfDays", 14, "ProductLines", java.util.List.of(
                        Map.of("ProductGuid", product, "Description", "Bænk", "Quantity", 1, "AccountNumber", 1000,
                                "Unit", "parts", "Discount", 0, "LineType", "Product", "BaseAmountValue", 400))));
        sim.bookInvoice(guid);
        String token = bearer();
        Object updatedAt = sim.getRecord(DineroSimulator.INVOICES, guid).get("UpdatedAt");
        String since = java.time.Instant.now().plusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

        for (String amount : new String[]{"100", "400"}) { // 100 of 500, then the rest
            String pay = "{\"Timestamp\":\"" + sim.getRecord(DineroSimulator.INVOICES, guid).get("TimeStamp")
                    + "\",\"DepositAccountNumber\":55000,\"PaymentDate\":\"" + java.time.LocalDate.now()
                    + "\",\"Amount\":" + amount + "}";
            assertThat(call("POST", org("invoices/" + guid + "/payments"), token, pay).statusCode()).isEqualTo(201);
            JsonNode row = JSON.readTree(call("GET", org("invoices?fields=Guid,Status,UpdatedAt"), token, null).body())
                    .get("Collection").get(0);
            assertThat(row.get("Status").asText()).isEqualTo(amount.equals("100") ? "Booked" : "Paid");
            assertThat(row.get("UpdatedAt").asText()).isEqualTo(String.valueOf(updatedAt));
            assertThat(JSON.readTree(call("GET", org("invoices?changesSince=" + since), token, null).body())
                    .get("Collection")).isEmpty();
        }
        assertThat(JSON.readTree(call("GET", org("invoices"), token, null).body()).get("Collection").get(0).fieldNames())
                .toIterable().doesNotContain("PaidAmount", "RemainingAmount", "PaymentStatus");
    }

    /**
     * Pagination.Result counts what the query matches (its queryFilter and changesSince) by default; with the knob on
     * it counts every live record of the type, as an unfiltered count would.
     */
    @Test
    void resultCountsTheQueryUnlessTheKnobIgnoresItsFilters() throws Exception {
        for (int i = 0; i < 3; i++) {
            sim.putProduct(Map.of("Name", "Stol " + i, "BaseAmountValue", 100, "Quantity", 1, "AccountNumber", 1000,
                    "Unit", "parts", "ProductNumber", "S-" + i));
        }
        String token = bearer();
        String query = org("products?queryFilter=ProductNumber+eq+'S-1'&pageSize=1");
        assertThat(JSON.readTree(call("GET", query, token, null).body()).get("Pagination").get("Result").asInt())
                .isEqualTo(1);
        sim.resultIgnoresFilters(true);
        JsonNode answer = JSON.readTree(call("GET", query, token, null).body());
        assertThat(answer.get("Pagination").get("Result").asInt()).isEqualTo(3);
        assertThat(answer.get("Collection")).hasSize(1);
    }

    /** Booking moves UpdatedAt by default; with the knob on it does not, while TimeStamp, number and state change. */
    @Test
    void bookingMovesUpdatedAtUnlessTheKnobLeavesItAlone() throws Exception {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-11-02T08:00:00Z"));
        sim.setClock(new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return now.get();
            }
        });
        String contact = sim.putContact(Map.of("Name", "Havemøbler ApS", "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false));
        String product = sim.putProduct(Map.of("Name", "Bænk", "BaseAmountValue", 400, "Quantity", 1,
                "AccountNumber", 1000, "Unit", "parts"));
        String token = bearer();
        for (boolean alone : new boolean[]{false, true}) {
            sim.bookingLeavesUpdatedAtAlone(alone);
            String guid = sim.putInvoice(Map.of("ContactGuid", contact, "Date", "2026-11-02",
                    "PaymentConditionType", "Netto", "PaymentConditionNumberOfDays", 14, "ProductLines",
                    java.util.List.of(Map.of("ProductGuid", product, "Description", "Bænk", "Quantity", 1,
                            "AccountNumber", 1000, "Unit", "parts", "Discount", 0, "LineType", "Product",
                            "BaseAmountValue", 400))));
            Map<String, Object> draft = sim.getRecord(DineroSimulator.INVOICES, guid);
            now.set(now.get().plusSeconds(600));
            HttpResponse<String> booked = call("POST", org("invoices/" + guid + "/book"), token,
                    "{\"Timestamp\":\"" + draft.get("TimeStamp") + "\"}");
            assertThat(booked.statusCode()).as(booked.body()).isEqualTo(200);

            Map<String, Object> after = sim.getRecord(DineroSimulator.INVOICES, guid);
            assertThat(after.get("Status")).isEqualTo("Booked");
            assertThat(after.get("TimeStamp")).isNotEqualTo(draft.get("TimeStamp"));
            if (alone) {
                assertThat(after.get("UpdatedAt")).isEqualTo(draft.get("UpdatedAt"));
            } else {
                assertThat(after.get("UpdatedAt")).isNotEqualTo(draft.get("UpdatedAt"));
            }
        }
    }

    @Test
    void slidingWindowRateLimitWith429TextBody() throws Exception {
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        sim.rateLimit(3, Duration.ofSeconds(1)).rateTicker(nanos::get);
        String token = bearer();
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", org("contacts"), token, null).statusCode()).isEqualTo(200);
        }
        // no rate-limit headers are documented: none by default
        assertThat(call("GET", org("contacts"), token, null).headers().firstValue("Retry-After")).isEmpty();
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(call("GET", org("contacts"), token, null).statusCode()).as("still within the window").isEqualTo(429);
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        sim.requestLog().clear();
        sim.sendRetryAfter(true);
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", org("contacts"), token, null).statusCode()).isEqualTo(200);
        }
        bearer(); // token calls do not count
        HttpResponse<String> limited = call("GET", org("contacts"), token, null);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).startsWith("API calls quota exceeded! (");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(sim.requestLog().count(e -> e.status() == 429)).isEqualTo(1);

        sim.sendRetryAfter(false);
        assertThat(call("GET", org("contacts"), token, null).headers().firstValue("Retry-After")).isEmpty();
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(call("GET", org("contacts"), token, null).statusCode()).isEqualTo(200);
    }
}
