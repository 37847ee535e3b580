package dk.simplydinero.sync;

import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-way run writes a module's records a few at once, never more than the side written to may have in flight
 * ({@code simplycrm.max-concurrent-requests}, {@code dinero.max-concurrent-requests}), and the result is what one
 * record after the other gives. Every answer of the side written to is slow (the simulators' knob), so records that
 * may overlap do; the simulators count the requests they were answering at once.
 */
@ExtendWith(Simulators.class)
class ConcurrentWritesTest {

    /** Long enough that the next record reaches the CRM while one is answered, short enough for a quick test. */
    private static final Duration SLOW = Duration.ofMillis(150);

    private static final List<String> PEOPLE = List.of("Anna Holm", "Bo Berg", "Carl Dahl", "Dorte Eriksen",
            "Eva Fog", "Finn Gade");

    @ParameterizedTest(name = "simplycrm.max-concurrent-requests={0}")
    @ValueSource(ints = {1, 2})
    void dineroToCrmHasAtMostTheSettingsCrmWritesInFlight(int setting, SimulatedSides sides) {
        for (String name : PEOPLE) {
            sides.dinero.putContact(person(name, email(name)));
        }
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm",
                "--sync.modules=contacts", "--simplycrm.max-concurrent-requests=" + setting)) {
            sides.crm.requestLog().clear();
            sides.crm.faults().slow(1, SLOW);

            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            for (String name : PEOPLE) {
                List<Map<String, Object>> inCrm = sides.crm.records("Contacts").stream()
                        .filter(c -> email(name).equals(c.get("email"))).toList();
                assertThat(inCrm).as("CRM contacts for %s", name).hasSize(1);
                assertThat(inCrm.get(0)).containsEntry("firstname", name.split(" ")[0])
                        .containsEntry("lastname", name.split(" ")[1]);
            }
            int writesAtOnce = sides.crm.requestLog().maxInFlight(SimulatedSides.CRM_WRITES::contains);
            assertThat(writesAtOnce).as("CRM writes in flight at once").isEqualTo(setting);
        }
    }

    @ParameterizedTest(name = "dinero.max-concurrent-requests={0}")
    @ValueSource(ints = {1, 2})
    void crmToDineroHasAtMostTheSettingsDineroWritesInFlight(int setting, SimulatedSides sides) {
        for (String name : PEOPLE) {
            sides.crm.put("Contacts", CrmRecordsInDinero.contact(name.split(" ")[0], name.split(" ")[1], email(name)));
        }
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=crm-to-dinero",
                "--sync.modules=contacts", "--dinero.max-concurrent-requests=" + setting)) {
            sides.dinero.requestLog().clear();
            sides.dinero.faults().slow(1, SLOW);

            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            for (String name : PEOPLE) {
                List<Map<String, Object>> inDinero = sides.liveDinero(DineroSimulator.CONTACTS).stream()
                        .filter(c -> email(name).equals(c.get("Email"))).toList();
                assertThat(inDinero).as("Dinero contacts for %s", name).hasSize(1);
                assertThat(inDinero.get(0)).containsEntry("Name", name).containsEntry("IsPerson", true);
            }
            int writesAtOnce = sides.dinero.requestLog().maxInFlight(operation -> operation.endsWith(".create"));
            assertThat(writesAtOnce).as("Dinero creates in flight at once").isEqualTo(setting);
            assertThat(sides.dinero.requestLog().count(SimulatedSides.RATE_LIMITED)).as("answered 429").isZero();
        }
    }

    /**
     * Two Dinero persons with the e-mail of one CRM contact, written at once: as one after the other, the first is
     * linked to the CRM contact (and writes its name there), the second finds it taken and gets a CRM contact of its
     * own. Written at once without care, both would take the CRM contact and one of them would be lost.
     */
    @Test
    void twoDineroPersonsWithTheKeyOfOneCrmContactTakeItOnce(SimulatedSides sides) {
        String existing = sides.crm.put("Contacts", CrmRecordsInDinero.contact("Karen", "Krog", "karen@krog.dk"));
        sides.dinero.putContact(person("Karen Krog", "karen@krog.dk"));
        sides.dinero.putContact(person("Karen Kragh", "Karen@Krog.dk"));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm",
                "--sync.modules=contacts", "--simplycrm.max-concurrent-requests=2")) {
            sides.crm.requestLog().clear();
            sides.crm.faults().slow(1, SLOW);

            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            List<Map<String, Object>> karens = sides.crm.records("Contacts").stream()
                    .filter(c -> "karen@krog.dk".equalsIgnoreCase(String.valueOf(c.get("email")))).toList();
            assertThat(karens).extracting(c -> c.get("firstname") + " " + c.get("lastname"))
                    .containsExactlyInAnyOrder("Karen Krog", "Karen Kragh");
            assertThat(karens).extracting(c -> c.get("id")).contains(existing);
            assertThat(sides.crm.requestLog().countOperation("create")).as("CRM creates").isEqualTo(1);
        }
    }

    /**
     * Two Dinero companies that each find one CRM organization by another key (the VAT number of one, the e-mail of
     * the other), written at once: as one after the other, the first takes it and the second gets an organization of
     * its own. Their keys differ, so only the record they both found can keep them apart.
     */
    @Test
    void twoDineroCompaniesFindingOneCrmOrganizationByDifferentKeysTakeItOnce(SimulatedSides sides) {
        String existing = sides.crm.put("Accounts", Map.of("accountname", "Fjord ApS", "cf_853", "DK11223344",
                "email1", "post@fjord.dk", "bill_country", "Denmark", "assigned_user_id", ""));
        sides.dinero.putContact(company("Fjord ApS", "DK11223344", "bogholderi@fjord.dk"));
        sides.dinero.putContact(company("Fjord Invest ApS", "DK55667788", "post@fjord.dk"));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm",
                "--sync.modules=organizations", "--simplycrm.max-concurrent-requests=2")) {
            sides.crm.requestLog().clear();
            sides.crm.faults().slow(1, SLOW);

            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Accounts")).extracting(a -> a.get("accountname") + " " + a.get("cf_853"))
                    .containsExactlyInAnyOrder("Fjord ApS DK11223344", "Fjord Invest ApS DK55667788");
            assertThat(sides.crm.records("Accounts")).extracting(a -> a.get("id")).contains(existing);
            assertThat(sides.crm.requestLog().countOperation("create")).as("CRM creates").isEqualTo(1);
        }
    }

    /**
     * The CRM session ends every few calls while two records are written at once: the writer that meets the end
     * first logs in again and the other takes its new session; never two logins in a row.
     */
    @Test
    void anEndedCrmSessionIsRenewedOnceNotPerWriter(SimulatedSides sides) {
        for (String name : PEOPLE) {
            sides.dinero.putContact(person(name, email(name)));
        }
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=dinero-to-crm",
                "--sync.modules=contacts", "--simplycrm.max-concurrent-requests=2")) {
            sides.crm.requestLog().clear();
            sides.crm.faults().slow(1, SLOW);
            sides.crm.expireSessionsAfterCalls(3);

            Map<String, Object> run = SimulatedSides.runSync(SimulatedSides.api(service));

            assertThat(run.get("status")).as(String.valueOf(run)).isEqualTo("succeeded");
            assertThat(sides.crm.records("Contacts")).extracting(c -> c.get("email"))
                    .containsExactlyInAnyOrderElementsOf(PEOPLE.stream().map(ConcurrentWritesTest::email).toList());
            List<String> calls = sides.crm.requestLog().entries().stream().map(e -> e.operation())
                    .filter(operation -> !operation.equals("getchallenge")).toList();
            assertThat(calls).as("CRM calls").contains("login");
            for (int i = 1; i < calls.size(); i++) {
                assertThat(calls.get(i - 1) + " " + calls.get(i)).as("CRM calls %s", calls)
                        .isNotEqualTo("login login");
            }
        }
    }

    private static Map<String, Object> person(String name, String email) {
        return Map.of("Name", name, "Email", email, "CountryKey", "DK", "IsPerson", true, "IsMember", false,
                "UseCvr", false);
    }

    private static Map<String, Object> company(String name, String vat, String email) {
        return Map.of("Name", name, "VatNumber", vat, "Email", email, "CountryKey", "DK", "IsPerson", false,
                "IsMember", false, "UseCvr", false);
    }

    private static String email(String name) {
        return name.toLowerCase().replace(' ', '.') + "@example.dk";
    }
}
