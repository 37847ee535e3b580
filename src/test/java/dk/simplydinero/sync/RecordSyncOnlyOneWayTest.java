package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Single-record sync exists only in one-way CRM → Dinero mode, as in the original module. */
@SimulatedService(properties = "sync.direction=both")
class RecordSyncOnlyOneWayTest {

    static SimulatedSides sides;

    @Test
    void refusedWith409WhenTheDirectionIsBoth(ApiClient api) {
        String contact = sides.crm.put("Contacts", Map.of("lastname", "Holm", "assigned_user_id", ""));

        ApiClient.Answer answer = api.post("/api/sync/contacts/" + contact, "");

        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json().get("error").asText()).contains("sync.direction=crm-to-dinero").contains("both");
        assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
    }
}
