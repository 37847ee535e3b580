package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * First contact within one run (issue 13: the run's index holds what the target side held before the run, not what
 * the run creates): of two source records with one e-mail, the one the feed hands on first pairs with the unlinked
 * target record holding it and the other is created, never paired with a record the run linked or created; two
 * source records with an e-mail the target does not hold make two records. One target record per source record.
 */
@ExtendWith(Simulators.class)
class FirstContactInOneRunTest {

    @ParameterizedTest
    @ValueSource(strings = {"dinero-to-crm", "crm-to-dinero"})
    void aKeyTwiceInOneRunPairsOnceAndCreatesTheRest(String direction, SimulatedSides sides) {
        boolean toCrm = direction.equals("dinero-to-crm");
        String existing;
        if (toCrm) {
            existing = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Eva", "Holm", "eva@holm.dk"));
            sides.dinero.putContact(person("Eva Holm", "eva@holm.dk"));
            sides.dinero.putContact(person("Eva Hansen", "EVA@holm.dk"));
            sides.dinero.putContact(person("Bo Berg", "bo@berg.dk"));
            sides.dinero.putContact(person("Bo Lund", "bo@berg.dk"));
        } else {
            existing = sides.dinero.putContact(person("Eva Holm", "eva@holm.dk"));
            sides.crm.put("Contacts", CrmRecordsInDinero.contact("Eva", "Holm", "eva@holm.dk"));
            sides.crm.put("Contacts", CrmRecordsInDinero.contact("Eva", "Hansen", "EVA@holm.dk"));
            sides.crm.put("Contacts", CrmRecordsInDinero.contact("Bo", "Berg", "bo@berg.dk"));
            sides.crm.put("Contacts", CrmRecordsInDinero.contact("Bo", "Lund", "bo@berg.dk"));
        }
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=" + direction,
                "--sync.modules=contacts")) {
            ApiClient api = SimulatedSides.api(service);

            Map<String, Object> run = SimulatedSides.runSync(api);

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            if (toCrm) {
                List<Map<String, Object>> contacts = sides.crm.records("Contacts");
                assertThat(contacts).extracting(c -> c.get("lastname"))
                        .containsExactlyInAnyOrder("Holm", "Hansen", "Berg", "Lund");
                assertThat(contacts).filteredOn(c -> c.get("id").equals(existing))
                        .extracting(c -> c.get("lastname")).singleElement().isIn("Holm", "Hansen");
            } else {
                List<Map<String, Object>> persons = sides.dinero.records(DineroSimulator.CONTACTS);
                assertThat(persons).extracting(c -> c.get("Name"))
                        .containsExactlyInAnyOrder("Eva Holm", "Eva Hansen", "Bo Berg", "Bo Lund");
                assertThat(persons).filteredOn(c -> c.get("ContactGuid").equals(existing))
                        .extracting(c -> c.get("Name")).singleElement().isIn("Eva Holm", "Eva Hansen");
            }
        }
    }

    private static Map<String, Object> person(String name, String email) {
        return Map.of("Name", name, "Email", email, "CountryKey", "DK", "IsPerson", true, "IsMember", false,
                "UseCvr", false);
    }
}
