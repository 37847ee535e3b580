package dk.simplydinero.status;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's start command with {@code --dinero.api-key=wrong}: Dinero red with the reason, the CRM still green. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {StatusApiTest.DB, "dinero.api-key=wrong"})
class StatusWithWrongDineroKeyTest {

    @LocalServerPort
    int port;

    @Test
    void dineroIsRedWithTheReason() {
        JsonNode status = new ApiClient(port, "admin", "sandbox").get("/api/status").json();

        assertThat(status.at("/dinero/status").asText()).isEqualTo("red");
        assertThat(status.at("/dinero/message").asText()).containsIgnoringCase("API key");
        assertThat(status.at("/crm/status").asText()).isEqualTo("green");
        assertThat(new ApiClient(port, "admin", "sandbox").get("/actuator/health").json()
                .at("/components/dinero/status").asText()).isEqualTo("DOWN");
        assertThat(ApiClient.anonymous(port).get("/actuator/health").json().get("status").asText()).isEqualTo("DOWN");
    }
}
