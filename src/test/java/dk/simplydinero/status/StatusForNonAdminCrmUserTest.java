package dk.simplydinero.status;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CRM user that is not an admin: a real vtiger refuses it the change feed ({@code syncType=application}), so
 * the CRM is red with that reason in plain words, though its login works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {StatusApiTest.DB,
        "sandbox.sync-at-start=false", "simplycrm.username=clerk", "simplycrm.access-key=ClerkKey0123456789"})
class StatusForNonAdminCrmUserTest {

    @LocalServerPort
    int port;
    @Autowired
    CrmSimulator crm;

    @Test
    void theCrmIsRedSayingTheUserIsNotAnAdmin() {
        crm.addUser("clerk", "ClerkKey0123456789", false);

        JsonNode status = new ApiClient(port, "admin", "sandbox").get("/api/status").json();

        assertThat(status.at("/crm/status").asText()).as(status.toString()).isEqualTo("red");
        assertThat(status.at("/crm/message").asText())
                .contains("the CRM user 'clerk' is not an admin")
                .contains("only lets admin users read the change feed")
                .contains("ACCESS_DENIED")
                .contains("Only admin users can perform application sync")
                .contains("the sync reads the changes by query instead")
                .contains("cannot report deletions")
                .contains("make the user an admin or set simplycrm.username to one")
                .doesNotContain("ClerkKey0123456789");
        assertThat(status.at("/dinero/status").asText()).isEqualTo("green");
        assertThat(new ApiClient(port, "admin", "sandbox").get("/actuator/health").json()
                .at("/components/crm/status").asText()).isEqualTo("DOWN");
        assertThat(ApiClient.anonymous(port).get("/actuator/health").json().get("status").asText()).isEqualTo("DOWN");
    }
}
