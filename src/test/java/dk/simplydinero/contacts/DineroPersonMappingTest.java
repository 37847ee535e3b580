package dk.simplydinero.contacts;

import dk.simplydinero.mapping.DineroMappingException;
import dk.simplydinero.mapping.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class DineroPersonMappingTest {

    public static final String GUID = "a1b2c3d4-0000-4000-8000-00000000b0e9";

    public static Map<String, Object> soeren() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ContactGuid", GUID);
        d.put("Name", "Søren Ærbøl");
        d.put("Street", "Ågade 4");
        d.put("ZipCode", "2200");
        d.put("City", "København N");
        d.put("CountryKey", "DK");
        d.put("Phone", "20 45 67 89");
        d.put("Email", "soeren.aerboel@mail.dk");
        d.put("Webpage", null);
        d.put("AttPerson", "");
        d.put("VatNumber", "");
        d.put("IsPerson", true);
        d.put("IsMember", false);
        d.put("UseCvr", false);
        return d;
    }

    private final DineroPersonMapping mapping = new DineroPersonMapping();

    @Test
    void everyFieldOfAPersonIsMapped() {
        assertThat(mapping.map(soeren())).containsExactly(
                entry("firstname", "Søren"),
                entry("lastname", "Ærbøl"),
                entry("mailingstreet", "Ågade 4"),
                entry("mailingzip", "2200"),
                entry("mailingcity", "København N"),
                entry("mailingcountry", "Denmark"),
                entry("phone", "20 45 67 89"),
                entry("email", "soeren.aerboel@mail.dk"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Børge Lund|Børge|Lund",
            "Anne Marie Sørensen|Anne Marie|Sørensen",
            "'  Åse   Møller  '|Åse|Møller",
            "Jørgen|''|Jørgen",
    })
    void theNameIsSplitOnTheLastSpace(String name, String first, String last) {
        Map<String, Object> d = soeren();
        d.put("Name", name);
        assertThat(mapping.map(d)).containsEntry("firstname", first).containsEntry("lastname", last);
    }

    @Test
    void emptyTextBecomesEmptyStringsAndMobileIsLeftAlone() {
        Map<String, Object> d = soeren();
        d.put("Phone", "");
        d.put("Email", null);
        d.put("Street", null);
        Map<String, Object> crm = mapping.map(d);
        assertThat(crm).containsEntry("phone", "").containsEntry("email", "").containsEntry("mailingstreet", "")
                .doesNotContainKey("mobile");
        assertThat(crm.values()).doesNotContainNull();
    }

    @Test
    void theCountryIsTheEnglishNameAndAnUnknownCodeIsKept() {
        Map<String, Object> d = soeren();
        d.put("CountryKey", "NO");
        assertThat(mapping.map(d)).containsEntry("mailingcountry", "Norway");
        d.put("CountryKey", "ZZ");
        try (LogCapture log = new LogCapture(DineroPersonMapping.class)) {
            assertThat(mapping.map(d)).containsEntry("mailingcountry", "ZZ");
            assertThat(log.warnings()).singleElement().asString().contains(GUID).contains("ZZ");
        }
    }

    @Test
    void aPersonWithoutNameIsRefused() {
        Map<String, Object> d = soeren();
        d.remove("Name");
        assertThatThrownBy(() -> mapping.map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> {
                    assertThat(e.getDineroId()).isEqualTo(GUID);
                    assertThat(e.getField()).isEqualTo("Name");
                })
                .hasMessageContaining(GUID);
    }

    @Test
    void aCompanyIsRefusedByThePersonMappingAndAMissingFlagIsAccepted() {
        Map<String, Object> d = soeren();
        d.put("IsPerson", false);
        assertThatThrownBy(() -> mapping.map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("IsPerson"))
                .hasMessageContaining("Organizations");
        d.remove("IsPerson");
        assertThat(mapping.map(d)).containsEntry("lastname", "Ærbøl");
        d.put("IsPerson", "true");
        assertThat(mapping.map(d)).containsEntry("lastname", "Ærbøl");
    }

    @Test
    void theMappingRoundTripsThroughTheCrmToDineroMapping() {
        Map<String, Object> crm = new LinkedHashMap<>(mapping.map(soeren()));
        crm.put("id", "12x16");
        Map<String, Object> back = new ContactMapping().map(crm);
        for (String field : new String[]{"Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email"}) {
            assertThat(back.get(field)).as(field).isEqualTo(soeren().get(field));
        }
    }
}
