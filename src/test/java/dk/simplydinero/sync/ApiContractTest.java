package dk.simplydinero.sync;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.Faults;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API keeps its contract (src/main/resources/openapi/api.yaml, served at GET /api/openapi): every operation
 * of the served document is called with every status code it documents, and each answer is checked against that
 * operation's answer (status, media type, schema) in the served document. The calls are read from the document and
 * compared with what was called, so an operation or status code added to the contract without a call here fails.
 */
@SimulatedService(properties = {"sync.mapping=custom",
        // A side that does not answer is given up on quickly (the 503s below).
        "resilience.max-attempts=2", "resilience.initial-backoff=1ms", "resilience.max-backoff=2ms"})
class ApiContractTest {

    static SimulatedSides sides;
    static final Path mappingFile = tempMappingFile();
    static final String GOOD_MAPPING = """
            organizations:
              crm-to-dinero:
                - dinero: Phone
                  drop: true
            """;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("sync.mapping-file", mappingFile::toString);
    }

    /** "METHOD /template status" of every answer seen. */
    private final Set<String> seen = new TreeSet<>();
    private OpenApiInteractionValidator contract;
    private ApiClient api;
    /** For a caller with a wrong password. */
    @LocalServerPort
    int port;

    @Test
    void everyOperationAnswersEveryDocumentedStatusAsTheContractSays(ApiClient api) throws Exception {
        this.api = api;
        ApiClient.Answer document = api.get("/api/openapi");
        assertThat(document.status()).isEqualTo(200);
        JsonNode served = document.json();
        assertServedAsWritten(served);
        contract = OpenApiInteractionValidator.createForInlineApiSpecification(document.body()).build();

        String organization = sides.crm.put("Accounts", Map.of("accountname", "Kontrakt ApS", "assigned_user_id", ""));
        // No price: the mapping refuses it (never sent as free), and it is listed as a failure.
        String unpriced = sides.crm.put("Products", Map.of("productname", "Uden pris", "assigned_user_id", ""));
        String alsoUnpriced = sides.crm.put("Products", Map.of("productname", "Heller ikke", "assigned_user_id", ""));

        // Reads, each also refused with a body it does not take (the contract's 400) and without credentials (401).
        for (String read : new String[]{"/status", "/runs", "/failures", "/mapping"}) {
            call("GET", read, read, 200);
            call("GET", read, read, 400, "text/plain", "hello");
            unauthorized("GET", read, read);
        }

        // Dry runs: a preview of the whole run and of one record, nothing written.
        JsonNode preview = call("POST", "/sync", "/sync?dryRun=true", 200).json();
        assertThat(preview.at("/modules/organizations/create").asInt()).isEqualTo(1);
        assertThat(preview.at("/records/0/direction").asText()).isEqualTo("crm-to-dinero");
        assertThat(preview.get("conflicts")).as("one way: none").isEmpty();
        JsonNode recordPreview = call("POST", "/sync/{module}/{crmId}", "/sync/organizations/" + organization
                + "?dryRun=true", 200).json();
        assertThat(recordPreview.at("/records/0/action").asText()).isEqualTo("create");
        assertThat(recordPreview.at("/records/0/fields/Name").asText()).isEqualTo("Kontrakt ApS");

        // One record: synced, refused (422, then a failure), unknown (404), malformed (400).
        call("POST", "/sync/{module}/{crmId}", "/sync/organizations/" + organization, 200);
        call("POST", "/sync/{module}/{crmId}", "/sync/products/" + unpriced, 422);
        call("POST", "/sync/{module}/{crmId}", "/sync/products/" + alsoUnpriced, 422);
        call("POST", "/sync/{module}/{crmId}", "/sync/contacts/" + sides.crm.idPrefix("Contacts") + "x999999", 404);
        call("POST", "/sync/{module}/{crmId}", "/sync/leads/" + organization, 400);
        call("POST", "/sync/{module}/{crmId}", "/sync/organizations/42", 400);
        unauthorized("POST", "/sync/{module}/{crmId}", "/sync/organizations/" + organization);

        // The failures of both products, then a retry: refused again (422), and after the price is set, resolved.
        JsonNode failures = call("GET", "/failures", "/failures", 200).json();
        assertThat(failures).hasSize(2);
        long unpricedFailure = failureOf(failures, unpriced);
        long openFailure = failureOf(failures, alsoUnpriced);
        // Named on the CRM side; refused before it was mapped, so it has no Dinero name.
        assertThat(failures).filteredOn(f -> f.get("crmId").asText().equals(unpriced)).singleElement()
                .satisfies(f -> {
                    assertThat(f.get("crmName").asText()).isEqualTo("Uden pris");
                    assertThat(f.get("dineroName").isNull()).isTrue();
                });
        call("POST", "/failures/{id}/retry", "/failures/" + unpricedFailure + "/retry", 422);
        sides.crm.change(unpriced, Map.of("unit_price", "25"));
        assertThat(call("POST", "/failures/{id}/retry", "/failures/" + unpricedFailure + "/retry", 200).json()
                .get("resolved").asBoolean()).isTrue();
        call("POST", "/failures/{id}/retry", "/failures/" + unpricedFailure + "/retry", 404);
        call("POST", "/failures/{id}/retry", "/failures/abc/retry", 400);
        unauthorized("POST", "/failures/{id}/retry", "/failures/" + openFailure + "/retry");

        // Runs: the record runs above are listed; an unknown and a malformed id.
        long lastRun = call("GET", "/runs", "/runs", 200).json().get(0).get("id").asLong();
        call("GET", "/runs/{id}", "/runs/" + lastRun, 200);
        call("GET", "/runs/{id}", "/runs/999999", 404);
        call("GET", "/runs/{id}", "/runs/abc", 400);
        unauthorized("GET", "/runs/{id}", "/runs/" + lastRun);

        // The mapping file read again: taken (200), bad (422, the mapping in force stays), good again.
        call("POST", "/mapping/reload", "/mapping/reload", 200);
        Files.writeString(mappingFile, "organizations: [\n");
        call("POST", "/mapping/reload", "/mapping/reload", 422);
        Files.writeString(mappingFile, GOOD_MAPPING);
        call("POST", "/mapping/reload", "/mapping/reload", 200);
        // Clients that always send JSON may send an empty object where no body is taken; anything more is refused.
        call("POST", "/mapping/reload", "/mapping/reload", 200, "application/json", "{}");
        call("POST", "/mapping/reload", "/mapping/reload", 400, "application/json", "{\"file\": \"other.yaml\"}");
        unauthorized("POST", "/mapping/reload", "/mapping/reload");

        // A full run, held in its first Dinero call: meanwhile another run, a record sync and a retry are refused.
        sides.crm.put("Accounts", Map.of("accountname", "Under kørsel ApS", "assigned_user_id", ""));
        CountDownLatch dineroHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Not a fault: the predicate only waits (the gate of this test) and lets every answer through unchanged.
        sides.dinero.faults().malformedAnswers(request -> {
            dineroHeld.countDown();
            waitFor(release);
            return false;
        }, Faults.Malformed.HTML, -1);
        long run;
        try {
            run = call("POST", "/sync", "/sync", 202).json().get("runId").asLong();
            waitFor(dineroHeld);
            call("POST", "/sync", "/sync", 409);
            call("POST", "/sync/{module}/{crmId}", "/sync/organizations/" + organization, 409);
            call("POST", "/failures/{id}/retry", "/failures/" + openFailure + "/retry", 409);
            call("GET", "/runs/{id}", "/runs/" + run, 200); // live counts while it goes
        } finally {
            release.countDown();
            sides.dinero.faults().off();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !api.get("/api/runs/" + run).json().get("status").asText()
                .equals("running"));
        call("GET", "/status", "/status", 200); // with the last run
        call("POST", "/sync", "/sync", 400, "application/json", "{bad json");
        call("POST", "/sync", "/sync", 400, "text/plain", "sync please");
        unauthorized("POST", "/sync", "/sync");

        // A linked invoice's receipt: a draft in Dinero (409), booked (the PDF); no such link (404), malformed (400).
        java.util.List<String> invoices = ReceiptsApiTest.invoices(sides, "Kontraktfaktura", "Kontraktfaktura, Dinero nede");
        String invoice = invoices.get(0);
        String unreachableInvoice = invoices.get(1);
        call("POST", "/sync/{module}/{crmId}", "/sync/invoices/" + invoice, 200);
        call("POST", "/sync/{module}/{crmId}", "/sync/invoices/" + unreachableInvoice, 200);
        call("GET", "/invoices/{crmId}/pdf", "/invoices/" + invoice + "/pdf", 409);
        sides.dinero.bookInvoice(ReceiptsApiTest.guidOf(sides, "Kontraktfaktura"));
        sides.dinero.bookInvoice(ReceiptsApiTest.guidOf(sides, "Kontraktfaktura, Dinero nede"));
        call("GET", "/invoices/{crmId}/pdf", "/invoices/" + invoice + "/pdf", 200);
        call("GET", "/invoices/{crmId}/pdf", "/invoices/" + sides.crm.idPrefix("Invoice") + "x999999/pdf", 404);
        call("GET", "/invoices/{crmId}/pdf", "/invoices/42/pdf", 400);
        unauthorized("GET", "/invoices/{crmId}/pdf", "/invoices/" + invoice + "/pdf");

        // Last (the circuit breaker opens): Dinero does not answer.
        String newOrganization = sides.crm.put("Accounts", Map.of("accountname", "Nede ApS", "assigned_user_id", ""));
        sides.dinero.faults().serverErrorShare(1.0);
        call("POST", "/sync/{module}/{crmId}", "/sync/organizations/" + newOrganization, 503);
        long downFailure = failureOf(call("GET", "/failures", "/failures", 200).json(), newOrganization);
        call("POST", "/failures/{id}/retry", "/failures/" + downFailure + "/retry", 503);
        call("GET", "/invoices/{crmId}/pdf", "/invoices/" + unreachableInvoice + "/pdf", 502);
        sides.dinero.faults().off();

        assertThat(seen).as("answers seen").isEqualTo(documented(served));
    }

    // ------------------------------------------------------------------ helpers

    /** Calls {@code /api + path} and checks the answer against the served contract's operation {@code template}. */
    private ApiClient.Answer call(String method, String template, String path, int status) {
        return call(method, template, path, status, null, null);
    }

    private ApiClient.Answer call(String method, String template, String path, int status, String contentType,
                                  String body) {
        return checked(api, method, template, path, status, contentType, body);
    }

    private void unauthorized(String method, String template, String path) {
        checked(new ApiClient(port, "admin", "wrong"), method, template, path, 401, null, null);
    }

    private ApiClient.Answer checked(ApiClient caller, String method, String template, String path, int status,
                                     String contentType, String body) {
        ApiClient.Answer answer = caller.send(method, "/api" + path, contentType, body);
        String what = method + " " + path;
        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(status);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(answer.status()).withBody(answer.body());
        header(answer, "content-type").ifPresent(response::withContentType);
        header(answer, "location").ifPresent(value -> response.withHeader("Location", value));
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        ValidationReport report = contract.validateResponse(bare, Request.Method.valueOf(method), response.build());
        assertThat(report.hasErrors()).as(what + " " + status + " against the contract: "
                + SimpleValidationReportFormat.getInstance().apply(report) + "\n" + answer.body()).isFalse();
        if (status >= 400 && status != 401) {
            assertThat(answer.json().get("error").asText()).as(what).isNotBlank();
            assertThat(answer.body()).as(what).doesNotContain("Exception", "\tat ", "dk.simplydinero");
        }
        seen.add(method + " " + template + " " + status);
        return answer;
    }

    private static java.util.Optional<String> header(ApiClient.Answer answer, String name) {
        return answer.headers().lines().filter(l -> l.toLowerCase().startsWith(name + ": "))
                .map(l -> l.substring(name.length() + 2)).findFirst();
    }

    /** Every "METHOD /template status" the served document declares (not its catch-all "default"). */
    private static Set<String> documented(JsonNode document) {
        Set<String> all = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().get("responses").fieldNames().forEachRemaining(status -> {
                    if (!status.equals("default")) {
                        all.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + status);
                    }
                })));
        return all;
    }

    /**
     * The served document is the repository's contract as written, and every answer in it with a body has a schema
     * (only 401, from the login, has none).
     */
    private static void assertServedAsWritten(JsonNode served) throws IOException {
        // As Camel reads it (the same parser fills in defaults such as a parameter's style the same way).
        String text;
        try (InputStream in = ApiContractTest.class.getResourceAsStream("/openapi/api.yaml")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JsonNode written = Json.mapper().readTree(Json.mapper().writeValueAsString(
                new OpenAPIV3Parser().readContents(text).getOpenAPI()));
        assertThat(served).isEqualTo(written);
        assertThat(served.at("/servers/0/url").asText()).isEqualTo("/api");
        assertThat(served.at("/components/securitySchemes/basicAuth/scheme").asText()).isEqualTo("basic");
        served.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                op.getValue().get("responses").fields().forEachRemaining(response -> {
                    JsonNode answer = response.getValue().has("$ref")
                            ? served.at("/components/responses/" + response.getValue().get("$ref").asText()
                            .substring("#/components/responses/".length()))
                            : response.getValue();
                    String what = op.getKey() + " " + path.getKey() + " " + response.getKey();
                    if (response.getKey().equals("401")) {
                        assertThat(answer.has("content")).as(what).isFalse();
                    } else if (answer.at("/content/application~1json").isMissingNode()) {
                        // not JSON: a file (the receipt PDF), described as binary
                        assertThat(answer.at("/content/application~1pdf/schema/format").asText()).as(what)
                                .isEqualTo("binary");
                    } else {
                        assertThat(answer.at("/content/application~1json/schema").isMissingNode()).as(what).isFalse();
                    }
                })));
    }

    private static long failureOf(JsonNode failures, String crmId) {
        for (JsonNode failure : failures) {
            if (crmId.equals(failure.get("crmId").asText())) {
                return failure.get("id").asLong();
            }
        }
        throw new AssertionError("no failure of " + crmId + " in " + failures);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("gave up waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Path tempMappingFile() {
        try {
            Path file = Files.createTempFile("contract-mapping", ".yaml");
            Files.writeString(file, GOOD_MAPPING);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
