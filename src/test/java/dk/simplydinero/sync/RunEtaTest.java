package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a run goes, each module shows how long it has left and why (issue 12, part 1; issue 13, part 3): on
 * GET /api/runs/{id} ({@code total}, {@code processed}, {@code eta}, {@code limitedBy}) and on the console's Sync now
 * page (a progress bar and the time left in words, English and Danish). Dinero → CRM, with Dinero's budget as
 * shipped (90 requests a minute); the run is held open by the test and its time comes from a clock the test moves.
 * Also: Dinero's list answers say how many records a module will handle (Pagination.Result), at no extra request.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=dinero-to-crm",
        // the real window (the harness shrinks it to 1 s); this class makes few requests
        "dinero.rate-window=1m"})
class RunEtaTest {

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }
    }

    static SimulatedSides sides;

    @Autowired
    SyncRuns syncRuns;
    @Autowired
    MovableClock clock;
    @Autowired
    Environment env;

    @Test
    void aRunHeldMidWayShowsTheTimeLeftAndWhyOnTheApiAndTheConsole(ApiClient api) throws Exception {
        long runId = syncRuns.begin(SyncRuns.MANUAL);
        try {
            // invoices: read whole from Dinero, one request each, 4,000 to go at 90 a minute
            syncRuns.moduleStarted(runId, SyncModule.INVOICES);
            syncRuns.total(runId, SyncModule.INVOICES, 4000);
            // organizations: no Dinero request per record, only the pipeline's pace counts
            syncRuns.moduleStarted(runId, SyncModule.ORGANIZATIONS);
            syncRuns.total(runId, SyncModule.ORGANIZATIONS, 100);
            for (int i = 0; i < 20; i++) {
                syncRuns.count(runId, FailureStore.Direction.DINERO_TO_CRM, SyncModule.INVOICES,
                        WriteOutcome.of(WriteOutcome.Action.CREATED, "crm-" + i));
            }
            for (int i = 0; i < 50; i++) {
                syncRuns.count(runId, FailureStore.Direction.DINERO_TO_CRM, SyncModule.ORGANIZATIONS,
                        WriteOutcome.of(WriteOutcome.Action.CREATED, "org-" + i));
            }
            clock.advance(Duration.ofSeconds(10));

            JsonNode modules = api.get("/api/runs/" + runId).json().get("modules");
            JsonNode invoices = modules.get("invoices");
            assertThat(invoices.get("total").asInt()).isEqualTo(4000);
            assertThat(invoices.get("processed").asInt()).isEqualTo(20);
            // 3,980 requests at 90 a minute: 2,654 s (the 20 took 10 s: 1,990 s at that pace)
            assertThat(invoices.get("eta").asLong()).isEqualTo(2654L);
            assertThat(invoices.get("limitedBy").asText()).isEqualTo("dinero-budget");
            JsonNode organizations = modules.get("organizations");
            assertThat(organizations.get("total").asInt()).isEqualTo(100);
            assertThat(organizations.get("processed").asInt()).isEqualTo(50);
            // 50 in 10 s, 50 left
            assertThat(organizations.get("eta").asLong()).isEqualTo(10L);
            assertThat(organizations.get("limitedBy").asText()).isEqualTo("measured-rate");

            ConsoleTest.Browser browser = new ConsoleTest.Browser(api);
            browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
            String english = browser.get("/sync/progress").body();
            assertThat(english).contains("<progress max=\"4000\" value=\"20\">")
                    .contains("Dinero allows 90 requests a minute: about 45 min left")
                    .contains("<progress max=\"100\" value=\"50\">")
                    .contains("At the measured rate: about 10 s left");
            String danish = browser.get("/sync/progress?lang=da").body();
            assertThat(danish).contains("Dinero tillader 90 forespørgsler i minuttet: ca. 45 min tilbage")
                    .contains("Med den målte hastighed: ca. 10 s tilbage");
        } finally {
            syncRuns.finish(runId);
        }
    }

    @Test
    void aModuleThatIsDoneShowsNoTimeLeftWhileTheRunGoesOn(ApiClient api) throws Exception {
        long runId = syncRuns.begin(SyncRuns.MANUAL);
        try {
            // organizations: done after 40 of the 100 its list announced (the rest was never handed on)
            syncRuns.moduleStarted(runId, SyncModule.ORGANIZATIONS);
            syncRuns.total(runId, SyncModule.ORGANIZATIONS, 100);
            for (int i = 0; i < 40; i++) {
                syncRuns.count(runId, FailureStore.Direction.DINERO_TO_CRM, SyncModule.ORGANIZATIONS,
                        WriteOutcome.of(WriteOutcome.Action.CREATED, "org-" + i));
            }
            clock.advance(Duration.ofSeconds(4));
            syncRuns.moduleDone(runId, SyncModule.ORGANIZATIONS);
            // the run goes on with invoices, 20 of 4,000
            syncRuns.moduleStarted(runId, SyncModule.INVOICES);
            syncRuns.total(runId, SyncModule.INVOICES, 4000);
            for (int i = 0; i < 20; i++) {
                syncRuns.count(runId, FailureStore.Direction.DINERO_TO_CRM, SyncModule.INVOICES,
                        WriteOutcome.of(WriteOutcome.Action.CREATED, "crm-" + i));
            }
            clock.advance(Duration.ofSeconds(10));

            JsonNode organizations = api.get("/api/runs/" + runId).json().get("modules").get("organizations");
            assertThat(organizations.get("processed").asInt()).isEqualTo(40);
            assertThat(organizations.get("eta").isNull()).as("eta of a done module: " + organizations).isTrue();
            assertThat(organizations.get("limitedBy").isNull()).isTrue();
            assertThat(organizations.path("done").asBoolean()).as("done: " + organizations).isTrue();

            ConsoleTest.Browser browser = new ConsoleTest.Browser(api);
            browser.login("admin", env.getRequiredProperty("spring.security.user.password"));
            String page = browser.get("/sync/progress").body();
            // done: the bare count, no bar and no time left; invoices still show theirs
            assertThat(page).doesNotContain("<progress max=\"100\"")
                    .contains("<progress max=\"4000\" value=\"20\">")
                    .contains("Dinero allows 90 requests a minute: about 45 min left")
                    .doesNotContain("At the measured rate");
        } finally {
            syncRuns.finish(runId);
        }
    }

    @Test
    void dinerosListSaysHowManyRecordsAModuleWillHandle(ApiClient api) {
        for (int i = 0; i < 4; i++) {
            sides.dinero.putContact(Map.of("Name", "Tæller " + i + " ApS", "VatNumber", "DK" + (41_000_000 + i),
                    "City", "Vejle", "CountryKey", "DK", "IsPerson", false, "IsMember", false, "UseCvr", false));
        }
        for (int i = 0; i < 5; i++) {
            sides.dinero.putProduct(Map.of("Name", "Vare " + i, "BaseAmountValue", 100 + i, "Quantity", 1,
                    "AccountNumber", 1000, "Unit", "parts", "ProductNumber", "V-" + i));
        }
        // pages of 2: the first page is not the last, so the total comes from its Pagination.Result
        sides.dinero.maxPageSize(2);
        sides.dinero.requestLog().clear();

        long runId = ((Number) SimulatedSides.runSync(api).get("id")).longValue();

        JsonNode modules = api.get("/api/runs/" + runId).json().get("modules");
        assertThat(RunTotalsTest.field(modules, "organizations", "total")).isEqualTo(4);
        assertThat(RunTotalsTest.field(modules, "organizations", "processed")).isEqualTo(4);
        assertThat(RunTotalsTest.field(modules, "organizations", "created")).isEqualTo(4);
        assertThat(RunTotalsTest.field(modules, "products", "total")).isEqualTo(5);
        assertThat(RunTotalsTest.field(modules, "products", "processed")).isEqualTo(5);
        assertThat(RunTotalsTest.field(modules, "products", "created")).isEqualTo(5);
        assertThat(RunTotalsTest.field(modules, "contacts", "total")).isZero();
        // no list beyond the pages the feeds read anyway: organizations 3, products 3, contacts 1, invoices 1, and
        // (issue 14.3) Dinero's credit notes 1, the creditnotes module's one list per run
        assertThat(sides.dinero.requestLog().count(SimulatedSides.LIST)).isEqualTo(9);
    }
}
