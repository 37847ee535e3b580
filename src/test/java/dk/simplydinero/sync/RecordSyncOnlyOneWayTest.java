package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Single-record sync exists only in one-way CRM → Dinero mode, as in the original module. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sync.direction=both")
class RecordSyncOnlyOneWayTest {

    static final SimulatedSides sides = new SimulatedSides();

    @DynamicPropertySource
    static void sides(DynamicPropertyRegistry registry) {
        sides.register(registry);
    }

    @AfterAll
    static void stop() {
        sides.close();
    }

    @LocalServerPort
    int port;

    @Test
    void refusedWith409WhenTheDirectionIsBoth() {
        String contact = sides.crm.put("Contacts", Map.of("lastname", "Holm", "assigned_user_id", ""));

        ApiClient.Answer answer = new ApiClient(port, "admin", "sandbox").post("/api/sync/contacts/" + contact, "");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asText()).contains("sync.direction=crm-to-dinero").contains("both");
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
    }
}
