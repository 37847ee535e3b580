package dk.simplydinero.status;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/status against the sandbox, started from the shipped application.properties: the settings the
 * README's start command uses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = StatusApiTest.DB)
class StatusApiTest {

    static final String DB = "spring.datasource.url=jdbc:h2:file:./target/test-db/status-${random.uuid}";

    @LocalServerPort
    int port;

    @Test
    void bothSidesAreGreenAndSecretsAreMasked() {
        ApiClient.Answer answer = new ApiClient(port, "admin", "sandbox").get("/api/status");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode status = answer.json();
        assertThat(status.at("/crm/status").asText()).as(status.at("/crm/message").asText()).isEqualTo("green");
        assertThat(status.at("/dinero/status").asText()).as(status.at("/dinero/message").asText()).isEqualTo("green");
        JsonNode settings = status.get("settings");
        assertThat(settings.get("simplycrm.access-key").asText()).isEqualTo("********");
        assertThat(settings.get("dinero.api-key").asText()).isEqualTo("********");
        assertThat(settings.get("dinero.client-secret").asText()).isEqualTo("********");
        // shipped empty: both in the sandbox, so its demo shows what flows from Dinero too (SandboxSettings)
        assertThat(settings.get("sync.direction").asText()).isEqualTo("both");
        assertThat(settings.get("simplycrm.url").asText()).startsWith("http://127.0.0.1:");
    }

    /** Issue 14's settings as shipped; the sandbox links receipts to itself on the port it was given. */
    @Test
    void thePaymentHistoryReceiptAndCreditNoteSettingsAreShown() {
        JsonNode settings = new ApiClient(port, "admin", "sandbox").get("/api/status").json().get("settings");

        assertThat(settings.get("sync.payment-history").asText()).isEqualTo("comments");
        assertThat(settings.get("sync.receipts").asText()).isEqualTo("document");
        assertThat(settings.get("simplycrm.receipt-field").asText()).isEmpty();
        assertThat(settings.get("sync.credit-notes").asText()).isEqualTo("draft");
        assertThat(settings.get("sync.public-url").asText()).isEqualTo("http://localhost:" + port);
    }

    @Test
    void healthIsOpenSayingUpOnlyAndShowsAComponentPerSideToAUser() {
        ApiClient.Answer health = ApiClient.anonymous(port).get("/actuator/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(health.json().has("components")).as(health.body()).isFalse();
        JsonNode user = new ApiClient(port, "admin", "sandbox").get("/actuator/health").json();
        assertThat(user.at("/components/crm/status").asText()).isEqualTo("UP");
        assertThat(user.at("/components/dinero/status").asText()).isEqualTo("UP");
    }

    @Test
    void theApiNeedsCredentials() {
        assertThat(ApiClient.anonymous(port).get("/api/status").status()).isEqualTo(401);
        assertThat(ApiClient.anonymous(port).get("/api/openapi").status()).isEqualTo(401);
        assertThat(new ApiClient(port, "admin", "wrong").get("/api/status").status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesEveryCall() {
        ApiClient.Answer doc = new ApiClient(port, "admin", "sandbox").get("/api/openapi");

        assertThat(doc.status()).isEqualTo(200);
        // Paths are relative to the document's server URL, /api (answers against their schemas: ApiContractTest).
        assertThat(doc.json().at("/servers/0/url").asText()).isEqualTo("/api");
        for (String path : new String[]{"/paths/~1status/get", "/paths/~1sync/post", "/paths/~1runs/get",
                "/paths/~1runs~1{id}/get", "/paths/~1failures/get", "/paths/~1sync~1{module}~1{crmId}/post",
                "/paths/~1failures~1{id}~1retry/post", "/paths/~1mapping/get", "/paths/~1mapping~1reload/post",
                "/paths/~1invoices~1{crmId}~1pdf/get"}) {
            assertThat(doc.json().at(path).isMissingNode()).as(path).isFalse();
        }
    }
}
