package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A side that refuses our credentials is one cause: the run ends failed with the reason, and the log says it a few
 * times (where the run meets it, where the module stops, the summary), without a stack trace, not once per record.
 */
class RefusedCredentialsLogTest {

    /** CRM records enough that "once per record" would show. */
    static void seed(SimulatedSides sides) {
        for (int i = 1; i <= 12; i++) {
            sides.crm.put("Accounts", Map.of("accountname", "Forening " + i, "email1", "kontor" + i + "@forening.dk",
                    "assigned_user_id", ""));
            sides.crm.put("Products", Map.of("productname", "Vare " + i, "unit_price", "10", "assigned_user_id", ""));
        }
    }

    static void assertOneCause(CapturedOutput output, Map<String, Object> run, String cause) {
        assertThat(run.get("status")).isEqualTo("failed");
        assertThat((String) run.get("message")).containsIgnoringCase(cause);
        List<String> lines = output.getAll().lines().toList();
        assertThat(lines).filteredOn(l -> l.toLowerCase().contains(cause.toLowerCase()))
                .as("lines naming the cause").hasSizeBetween(1, 3);
        assertThat(lines).filteredOn(l -> l.startsWith("\tat ")).as("stack-trace lines").isEmpty();
    }

    @SimulatedService(properties = {"simplycrm.access-key=wrongAccessKey1", "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongCrmKey {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            seed(sides);

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "INVALID_USER_CREDENTIALS");
        }
    }

    @SimulatedService(properties = {"dinero.api-key=wrong", "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongDineroKey {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            seed(sides);

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "refused the API key");
        }
    }

    /** Without a VAT field nothing is asked of the CRM before the run: each module's feed meets the refusal. */
    @SimulatedService(properties = {"simplycrm.access-key=wrongAccessKey1", "simplycrm.vat-field=",
            "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongCrmKeyAtTheFeeds {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            seed(sides);

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "INVALID_USER_CREDENTIALS");
        }
    }

    @SimulatedService(properties = {"dinero.api-key=wrong", "sync.direction=dinero-to-crm",
            "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongDineroKeyAtTheFeeds {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "refused the API key");
        }
    }

    /** Dinero's records written to a CRM that refuses the login: the first write meets it, the rest are not tried. */
    @SimulatedService(properties = {"simplycrm.access-key=wrongAccessKey1", "simplycrm.vat-field=",
            "sync.direction=dinero-to-crm", "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongCrmKeyDineroToCrm {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            sides.dinero.seedDemoData();

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "INVALID_USER_CREDENTIALS");
        }
    }

    @SimulatedService(properties = {"simplycrm.access-key=wrongAccessKey1", "simplycrm.vat-field=",
            "sync.direction=both", "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongCrmKeyBothWays {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            sides.dinero.seedDemoData();

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "INVALID_USER_CREDENTIALS");
        }
    }

    @SimulatedService(properties = {"dinero.api-key=wrong", "sync.direction=both", "sandbox.sync-at-start=false"})
    @ExtendWith(OutputCaptureExtension.class)
    static class WrongDineroKeyBothWays {

        static SimulatedSides sides;

        @Test
        void logsTheRefusalOnceAndTheRunFails(ApiClient api, CapturedOutput output) {
            seed(sides);

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertOneCause(output, run, "refused the API key");
        }
    }
}
