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
 * The log of a run reads as one story: every line the run writes carries its run id and, inside a module, the module
 * ({@code [run 7 products]}), and the run ends with one summary line with the counts per module.
 */
@SimulatedService
@ExtendWith(OutputCaptureExtension.class)
class RunLogTest {

    static SimulatedSides sides;

    @Test
    void everyLineOfARunCarriesItsIdAndModuleAndOneLineSumsItUp(ApiClient api, CapturedOutput output) {
        sides.crm.put("Accounts", Map.of("accountname", "Hals Bådelaug", "email1", "kontor@halsbaadelaug.dk",
                "assigned_user_id", ""));
        sides.crm.put("Products", Map.of("productname", "Fanø Pale Ale", "unit_price", "32", "assigned_user_id", ""));
        String priceless = sides.crm.put("Products", Map.of("productname", "Fanø Porter", "unit_price", "",
                "assigned_user_id", ""));

        Map<String, Object> run = SimulatedSides.runSync(api);
        long id = ((Number) run.get("id")).longValue();

        List<String> lines = output.getAll().lines().toList();
        String tag = "[run " + id + "]";
        assertThat(lines).filteredOn(l -> l.contains("Sync run " + id + " started")).singleElement()
                .asString().contains(tag);
        assertThat(lines).filteredOn(l -> l.contains(priceless) && l.contains(" WARN "))
                .as("the failed record's line names the run and the module").singleElement().asString()
                .contains("[run " + id + " products]");
        assertThat(lines).filteredOn(l -> l.contains("Sync run " + id + " partial")).singleElement().asString()
                .contains(tag)
                .contains("organizations: created 1, updated 0, unchanged 0, skipped 0, failed 0")
                .contains("products: created 1, updated 0, unchanged 0, skipped 0, failed 1");
        // Every line of the sync's own classes between the run's first and last line belongs to the run.
        int first = indexOf(lines, "Sync run " + id + " started");
        int last = indexOf(lines, "Sync run " + id + " partial");
        assertThat(lines.subList(first, last + 1)).filteredOn(l -> l.contains(" d.s.sync.") || l.contains("dk.simplydinero.sync"))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains("[run " + id));
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + text);
    }
}
