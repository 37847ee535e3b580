package dk.simplydinero.status;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** A wrong CRM access key: the CRM red with the reason, Dinero still green. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {StatusApiTest.DB, "simplycrm.access-key=wrongAccessKey1"})
class StatusWithWrongCrmKeyTest {

    @LocalServerPort
    int port;

    @Test
    void theCrmIsRedWithTheReason() {
        JsonNode status = new ApiClient(port, "admin", "sandbox").get("/api/status").json();

        assertThat(status.at("/crm/status").asText()).isEqualTo("red");
        assertThat(status.at("/crm/message").asText()).containsIgnoringCase("access key");
        assertThat(status.at("/dinero/status").asText()).isEqualTo("green");
        assertThat(new ApiClient(port, "admin", "sandbox").get("/actuator/health").json()
                .at("/components/crm/status").asText()).isEqualTo("DOWN");
        assertThat(ApiClient.anonymous(port).get("/actuator/health").json().get("status").asText()).isEqualTo("DOWN");
    }
}
