package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link StoreCommitsTest} the other way: records Dinero → CRM created with two commits each, no failure write. */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=dinero-to-crm"})
@Import(StoreCommitsTest.Counting.class)
class StoreCommitsDineroToCrmTest {

    static SimulatedSides sides;

    @Test
    void aCreatedRecordCostsTwoCommitsAndNoFailureWrite(ApiClient api) {
        for (int i = 1; i <= 5; i++) {
            sides.dinero.putContact(Map.of("Name", "Commit " + i + " ApS", "VatNumber", "DK" + (43_000_000 + i),
                    "City", "Vejle", "CountryKey", "DK", "IsPerson", false, "IsMember", false, "UseCvr", false));
        }
        StoreCommitsTest.recordCommits.set(0);
        StoreCommitsTest.failureWrites.set(0);

        Map<String, Object> run = SimulatedSides.runSync(api);

        assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
        assertThat(sides.crm.records("Accounts")).as("organizations in the CRM").hasSize(5);
        assertThat(StoreCommitsTest.recordCommits.get())
                .as("commits writing links, intents or failures for 5 created organizations").isEqualTo(10);
        assertThat(StoreCommitsTest.failureWrites.get()).as("writes to sync_failure while no record has an open failure")
                .isZero();
    }
}
