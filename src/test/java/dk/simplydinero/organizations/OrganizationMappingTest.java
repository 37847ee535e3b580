package dk.simplydinero.organizations;

import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.LogCapture;
import dk.simplydinero.crm.SimplyCrmProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class OrganizationMappingTest {

    public static Map<String, Object> oestergaard() {
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("id", "11x3");
        crm.put("accountname", "Østergaard & Søn ApS");
        crm.put("account_no", "ACC3");
        crm.put("bill_street", "Åboulevarden 12");
        crm.put("bill_code", "8000");
        crm.put("bill_city", "Aarhus C");
        crm.put("bill_country", "Danmark");
        crm.put("ship_street", "Havnegade 1");
        crm.put("phone", "+45 86 12 34 56");
        crm.put("email1", "info@oestergaard.dk");
        crm.put("website", "https://oestergaard.dk");
        crm.put("cf_853", "DK12345678");
        crm.put("modifiedtime", "2026-11-28 10:00:00");
        return crm;
    }

    public static OrganizationMapping mapping(String vatField) {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField(vatField);
        return new OrganizationMapping(crm);
    }

    @Test
    void everyFieldOfAnOrganizationIsMapped() {
        Map<String, Object> dinero = mapping("cf_853").map(oestergaard());

        assertThat(dinero).containsExactly(
                entry("ExternalReference", "11x3"),
                entry("Name", "Østergaard & Søn ApS"),
                entry("Street", "Åboulevarden 12"),
                entry("ZipCode", "8000"),
                entry("City", "Aarhus C"),
                entry("CountryKey", "DK"),
                entry("Phone", "+45 86 12 34 56"),
                entry("Email", "info@oestergaard.dk"),
                entry("Webpage", "https://oestergaard.dk"),
                entry("VatNumber", "DK12345678"),
                entry("IsPerson", false),
                entry("IsMember", false),
                entry("UseCvr", false));
    }

    @Test
    void noVatFieldConfiguredMeansNoVatNumber() {
        assertThat(mapping("").map(oestergaard())).doesNotContainKey("VatNumber");
        assertThat(mapping(null).map(oestergaard())).doesNotContainKey("VatNumber");
    }

    @Test
    void anEmptyOrMissingVatFieldValueIsEmptyText() {
        Map<String, Object> crm = oestergaard();
        crm.put("cf_853", "");
        assertThat(mapping("cf_853").map(crm)).containsEntry("VatNumber", "");
        assertThat(mapping("cf_999").map(oestergaard())).containsEntry("VatNumber", "");
    }

    @Test
    void anotherConfiguredVatFieldIsRead() {
        Map<String, Object> crm = oestergaard();
        crm.put("cf_901", " DK99887766 ");
        assertThat(mapping("cf_901").map(crm)).containsEntry("VatNumber", "DK99887766");
    }

    @Test
    void emptyOptionalTextStaysEmptyTextNeverNull() {
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("id", "11x9");
        crm.put("accountname", "Nørrebro Cykelværksted");
        crm.put("bill_street", "");
        crm.put("phone", null);
        crm.put("bill_country", "Denmark");

        Map<String, Object> dinero = mapping("cf_853").map(crm);

        assertThat(dinero).doesNotContainValue(null);
        assertThat(dinero).contains(entry("Street", ""), entry("ZipCode", ""), entry("City", ""),
                entry("Phone", ""), entry("Email", ""), entry("Webpage", ""), entry("VatNumber", ""));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Denmark, DK", "Danmark, DK", "dk, DK", "Sverige, SE", "Sweden, SE", "Norge, NO", "Færøerne, FO",
            "Grønland, GL", "DEU, DE"})
    void countryNamesAndCodesBecomeTheIsoCode(String country, String key) {
        Map<String, Object> crm = oestergaard();
        crm.put("bill_country", country);
        assertThat(mapping("").map(crm)).containsEntry("CountryKey", key);
    }

    @Test
    void anUnknownCountryIsDenmarkWithAWarningNamingRecordAndText() {
        Map<String, Object> crm = oestergaard();
        crm.put("bill_country", "Sønderjylland");
        try (LogCapture log = new LogCapture(OrganizationMapping.class)) {
            assertThat(mapping("").map(crm)).containsEntry("CountryKey", "DK");
            assertThat(log.warnings()).singleElement().asString()
                    .contains("11x3").contains("Sønderjylland").contains("DK");
        }
    }

    @Test
    void anEmptyCountryIsDenmarkWithAWarning() {
        Map<String, Object> crm = oestergaard();
        crm.put("bill_country", "");
        try (LogCapture log = new LogCapture(OrganizationMapping.class)) {
            assertThat(mapping("").map(crm)).containsEntry("CountryKey", "DK");
            assertThat(log.warnings()).singleElement().asString().contains("11x3").contains("bill_country");
        }
    }

    @Test
    void aKnownCountryLogsNothing() {
        try (LogCapture log = new LogCapture(OrganizationMapping.class)) {
            mapping("").map(oestergaard());
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void anOrganizationWithoutNameIsRefused() {
        Map<String, Object> crm = oestergaard();
        crm.put("accountname", " ");
        assertThatThrownBy(() -> mapping("").map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getCrmId()).isEqualTo("11x3");
                    assertThat(e.getField()).isEqualTo("accountname");
                })
                .hasMessageContaining("11x3").hasMessageContaining("accountname");
    }

    @Test
    void aRecordWithoutIdIsRefused() {
        Map<String, Object> crm = oestergaard();
        crm.remove("id");
        assertThatThrownBy(() -> mapping("").map(crm))
                .isInstanceOf(MappingException.class).hasMessageContaining("'id'");
    }
}
