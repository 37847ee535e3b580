package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CRM user that is not an admin reads the changes by query, which drops the rows the user may not see while
 * vtiger's {@code count(*)} still counts them: a count would promise records the run never handles, so the module's
 * total stays unknown (null) rather than a guess; the records it handles are counted as ever.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "simplycrm.username=clerk",
        "simplycrm.access-key=" + RunTotalsForNonAdminTest.CLERK_KEY})
class RunTotalsForNonAdminTest {

    static SimulatedSides sides;
    static final String CLERK_KEY = "ClerkKey0123456789";

    @BeforeAll
    static void seed() {
        sides.crm.addUser("clerk", CLERK_KEY, false);
        sides.crm.hideFromApiUser(r -> String.valueOf(r.get("accountname")).startsWith("Skjult"));
        for (int i = 0; i < 3; i++) {
            sides.crm.put("Accounts", CrmRecordsInDinero.organization(i));
        }
        for (int i = 0; i < 2; i++) {
            sides.crm.put("Accounts", Map.of("accountname", "Skjult " + i + " ApS", "assigned_user_id", ""));
        }
    }

    @Test
    void theTotalOfAFeedThatDropsHiddenRowsIsUnknown(ApiClient api) {
        long runId = ((Number) SimulatedSides.runSync(api).get("id")).longValue();

        JsonNode organizations = api.get("/api/runs/" + runId).json().get("modules").get("organizations");
        assertThat(organizations.get("processed").asInt()).isEqualTo(3);
        assertThat(organizations.get("created").asInt()).isEqualTo(3);
        assertThat(organizations.get("total").isNull()).as("total " + organizations.get("total")).isTrue();
        // nothing changed: the feed's one empty page says so
        assertThat(api.get("/api/runs/" + runId).json().get("modules").get("contacts").get("total").asInt()).isZero();
    }
}
