package dk.simplydinero.organizations;

import dk.simplydinero.mapping.DineroMappingException;
import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.LogCapture;
import dk.simplydinero.crm.SimplyCrmProperties;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class DineroCompanyMappingTest {

    public static final String GUID = "716a3105-e8fd-4fdd-a886-0490b047986f";

    /** As the Dinero client returns it: JSON types, empty text as "" or null. */
    public static Map<String, Object> faerge() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ContactGuid", GUID);
        d.put("CreatedAt", "2017-05-19T14:14:47");
        d.put("UpdatedAt", "2017-05-19T14:14:47.407");
        d.put("DeletedAt", null);
        d.put("ExternalReference", null);
        d.put("Name", "Ærø Færgeservice A/S");
        d.put("Street", "Havnen 1");
        d.put("ZipCode", "5970");
        d.put("City", "Ærøskøbing");
        d.put("CountryKey", "DK");
        d.put("Phone", "62 52 10 00");
        d.put("Email", "faktura@aeroefaerge.dk");
        d.put("Webpage", "https://aeroefaerge.dk");
        d.put("AttPerson", "");
        d.put("VatNumber", "18273645");
        d.put("EanNumber", null);
        d.put("PaymentConditionType", "Netto");
        d.put("PaymentConditionNumberOfDays", 14);
        d.put("IsPerson", false);
        d.put("IsMember", false);
        d.put("UseCvr", true);
        return d;
    }

    public static DineroCompanyMapping mapping(String vatField) {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField(vatField);
        return new DineroCompanyMapping(crm);
    }

    @Test
    void everyFieldOfACompanyIsMapped() {
        assertThat(mapping("cf_853").map(faerge())).containsExactly(
                entry("accountname", "Ærø Færgeservice A/S"),
                entry("bill_street", "Havnen 1"),
                entry("bill_code", "5970"),
                entry("bill_city", "Ærøskøbing"),
                entry("bill_country", "Denmark"),
                entry("phone", "62 52 10 00"),
                entry("email1", "faktura@aeroefaerge.dk"),
                entry("website", "https://aeroefaerge.dk"),
                entry("cf_853", "18273645"));
    }

    @Test
    void theVatNumberGoesToTheConfiguredField() {
        assertThat(mapping("cf_901").map(faerge())).containsEntry("cf_901", "18273645").doesNotContainKey("cf_853");
    }

    @Test
    void withoutAVatFieldTheVatNumberIsNotMapped() {
        Map<String, Object> crm = mapping("").map(faerge());
        assertThat(crm).hasSize(8).doesNotContainValue("18273645");
        SimplyCrmProperties unset = new SimplyCrmProperties();
        unset.setVatField(null);
        assertThat(new DineroCompanyMapping(unset).map(faerge())).hasSize(8);
    }

    @Test
    void emptyAndNullTextBecomeEmptyStringsNeverNull() {
        Map<String, Object> d = faerge();
        d.put("Phone", "");
        d.put("Email", null);
        d.remove("Webpage");
        d.put("VatNumber", null);
        d.put("CountryKey", null);
        Map<String, Object> crm = mapping("cf_853").map(d);
        assertThat(crm).containsEntry("phone", "").containsEntry("email1", "").containsEntry("website", "")
                .containsEntry("cf_853", "").containsEntry("bill_country", "");
        assertThat(crm.values()).doesNotContainNull().allMatch(v -> v instanceof String);
    }

    @Test
    void textIsTrimmedAndANumericZipCodeIsText() {
        Map<String, Object> d = faerge();
        d.put("Name", "  Bøgh Økologisk Gartneri I/S ");
        d.put("ZipCode", 5250);
        assertThat(mapping("").map(d)).containsEntry("accountname", "Bøgh Økologisk Gartneri I/S")
                .containsEntry("bill_code", "5250");
    }

    @Test
    void countryCodesBecomeEnglishNames() {
        Map<String, Object> d = faerge();
        for (String[] c : new String[][]{{"DK", "Denmark"}, {"se", "Sweden"}, {"FO", "Faroe Islands"},
                {"GL", "Greenland"}, {"DE", "Germany"}, {"GB", "United Kingdom"}}) {
            d.put("CountryKey", c[0]);
            assertThat(mapping("").map(d)).containsEntry("bill_country", c[1]);
        }
    }

    @Test
    void anUnknownCountryCodeIsKeptAsItIsWithAWarning() {
        Map<String, Object> d = faerge();
        for (String unknown : new String[]{"XQ", "Sønderjylland"}) {
            d.put("CountryKey", unknown);
            try (LogCapture log = new LogCapture(DineroCompanyMapping.class)) {
                assertThat(mapping("").map(d)).containsEntry("bill_country", unknown);
                assertThat(log.warnings()).singleElement().asString()
                        .contains(GUID).contains(unknown).contains("CountryKey");
            }
        }
    }

    @Test
    void aKnownCountryLogsNoWarning() {
        try (LogCapture log = new LogCapture(DineroCompanyMapping.class)) {
            mapping("").map(faerge());
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void aCompanyWithoutNameIsRefusedNamingIdAndField() {
        for (Object empty : new Object[]{null, "", "   "}) {
            Map<String, Object> d = faerge();
            d.put("Name", empty);
            assertThatThrownBy(() -> mapping("").map(d))
                    .isInstanceOfSatisfying(DineroMappingException.class, e -> {
                        assertThat(e.getDineroId()).isEqualTo(GUID);
                        assertThat(e.getField()).isEqualTo("Name");
                        assertThat(e.getCrmId()).isEmpty();
                    })
                    .isInstanceOf(MappingException.class)
                    .hasMessageContaining(GUID).hasMessageContaining("'Name'");
        }
    }

    @Test
    void aPersonIsRefusedByTheCompanyMapping() {
        Map<String, Object> d = faerge();
        d.put("IsPerson", true);
        assertThatThrownBy(() -> mapping("").map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("IsPerson"))
                .hasMessageContaining("Contacts");
    }

    @Test
    void aMalformedFlagOrATextThatIsARecordIsRefused() {
        Map<String, Object> flag = faerge();
        flag.put("IsPerson", "måske");
        assertThatThrownBy(() -> mapping("").map(flag))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("IsPerson"))
                .hasMessageContaining("måske");
        Map<String, Object> record = faerge();
        record.put("City", Map.of("Name", "Ærøskøbing"));
        assertThatThrownBy(() -> mapping("").map(record))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("City"));
    }

    @Test
    void aRecordWithoutIdIsStillMappedAndNamedInErrors() {
        Map<String, Object> d = faerge();
        d.remove("ContactGuid");
        assertThat(mapping("").map(d)).containsEntry("accountname", "Ærø Færgeservice A/S");
        d.put("Name", "");
        assertThatThrownBy(() -> mapping("").map(d)).hasMessageContaining("(no id)");
    }

    @Test
    void nothingToMapIsRefused() {
        assertThatThrownBy(() -> mapping("").map(null)).isInstanceOf(DineroMappingException.class);
    }

    @Test
    void theMappingRoundTripsThroughTheCrmToDineroMapping() {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField("cf_853");
        Map<String, Object> crmRecord = new LinkedHashMap<>(mapping("cf_853").map(faerge()));
        crmRecord.put("id", "11x3");
        Map<String, Object> back = new OrganizationMapping(crm).map(crmRecord);
        for (String field : new String[]{"Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email",
                "Webpage", "VatNumber"}) {
            assertThat(back.get(field)).as(field).isEqualTo(faerge().get(field));
        }
        assertThat(back.get("IsPerson")).isEqualTo(Boolean.FALSE);
    }
}
