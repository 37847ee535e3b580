package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import dk.simplydinero.store.FailureStore;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A module's total counts only the records the run hands on and handles (issue 12, part 1, after review): Dinero →
 * CRM, a finished module's {@code total} equals its {@code processed}, so its progress bar fills. Each test changes
 * records of one module in its own ten minutes (the service's and Dinero's clocks are the test's), so the one minute
 * of the feed's overlap never brings back an earlier test's records.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "sync.direction=dinero-to-crm"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunTotalsHandledTest {

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
    MovableClock clock;
    @Autowired
    FailureStore failures;

    @Test
    @Order(1)
    void aDeletedRowInDinerosListIsNotInTheTotal(ApiClient api) {
        sides.dinero.setClock(clock);
        // some list versions include deleted rows (with DeletedAt); an unlinked one is never handed to the CRM
        sides.dinero.listsIncludeDeleted(true);
        for (int i = 0; i < 3; i++) {
            String guid = sides.dinero.putContact(company("Slettet " + i + " ApS", i));
            if (i == 2) {
                sides.dinero.deleteRecord(DineroSimulator.CONTACTS, guid);
            }
        }
        clock.advance(Duration.ofSeconds(5));

        JsonNode modules = modulesOf(api, SimulatedSides.runSync(api));

        assertThat(RunTotalsTest.field(modules, "organizations", "created")).isEqualTo(2);
        assertThat(RunTotalsTest.field(modules, "organizations", "processed")).isEqualTo(2);
        assertThat(RunTotalsTest.field(modules, "organizations", "total")).isEqualTo(2);
        sides.dinero.listsIncludeDeleted(false);
    }

    @Test
    @Order(2)
    void aRetryWhoseRecordIsGoneIsNotInTheTotal(ApiClient api) {
        clock.advance(Duration.ofMinutes(10));
        // a person that failed before and has since gone from Dinero: its re-read finds nothing to hand on
        failures.record(null, FailureStore.Direction.DINERO_TO_CRM, SyncModule.CONTACTS, "crm", null,
                "00000000-0000-0000-0000-00000000dead", "INVALID_MANDATORY_FIELDS", "lastname is empty");
        clock.advance(Duration.ofSeconds(5));

        JsonNode modules = modulesOf(api, SimulatedSides.runSync(api));

        assertThat(RunTotalsTest.field(modules, "contacts", "processed")).isZero();
        assertThat(RunTotalsTest.field(modules, "contacts", "total")).isZero();
    }

    @Test
    @Order(3)
    void aRetriedRecordThatAlsoChangedIsCountedOnceOnAListOfPages(ApiClient api) {
        clock.advance(Duration.ofMinutes(10));
        String retried = null;
        for (int i = 0; i < 3; i++) {
            String guid = sides.dinero.putProduct(Map.of("Name", "Retur " + i, "BaseAmountValue", 100 + i,
                    "Quantity", 1, "AccountNumber", 1000, "Unit", "parts", "ProductNumber", "R-" + i));
            retried = i == 0 ? guid : retried;
        }
        // R-0 failed in an earlier run and changed since: the retry reads it, the list (pages of 2) has it too
        failures.record(null, FailureStore.Direction.DINERO_TO_CRM, SyncModule.PRODUCTS, "crm", null, retried,
                "INVALID_MANDATORY_FIELDS", "productname is empty");
        sides.dinero.maxPageSize(2);
        clock.advance(Duration.ofSeconds(5));
        try {
            JsonNode modules = modulesOf(api, SimulatedSides.runSync(api));

            assertThat(RunTotalsTest.field(modules, "products", "created")).isEqualTo(3);
            assertThat(RunTotalsTest.field(modules, "products", "processed")).isEqualTo(3);
            assertThat(RunTotalsTest.field(modules, "products", "total")).isEqualTo(3);
        } finally {
            sides.dinero.maxPageSize(1000);
        }
    }

    @Test
    @Order(4)
    void aResultThatIgnoresTheFiltersDoesNotLeaveTheTotalAbove(ApiClient api) {
        clock.advance(Duration.ofMinutes(10));
        // Pagination.Result read as the unfiltered count: every live contact (2 earlier companies + 3 new), not the
        // 3 changed since the cursor
        sides.dinero.resultIgnoresFilters(true);
        for (int i = 0; i < 3; i++) {
            sides.dinero.putContact(company("Ufiltreret " + i + " ApS", 10 + i));
        }
        sides.dinero.maxPageSize(2);
        clock.advance(Duration.ofSeconds(5));
        try {
            JsonNode modules = modulesOf(api, SimulatedSides.runSync(api));

            assertThat(RunTotalsTest.field(modules, "organizations", "created")).isEqualTo(3);
            assertThat(RunTotalsTest.field(modules, "organizations", "processed")).isEqualTo(3);
            assertThat(RunTotalsTest.field(modules, "organizations", "total")).isEqualTo(3);
        } finally {
            sides.dinero.maxPageSize(1000);
            sides.dinero.resultIgnoresFilters(false);
        }
    }

    private static Map<String, Object> company(String name, int i) {
        return Map.of("Name", name, "VatNumber", "DK" + (42_000_000 + i), "City", "Vejle", "CountryKey", "DK",
                "IsPerson", false, "IsMember", false, "UseCvr", false);
    }

    private static JsonNode modulesOf(ApiClient api, Map<String, Object> run) {
        return api.get("/api/runs/" + ((Number) run.get("id")).longValue()).json().get("modules");
    }
}
