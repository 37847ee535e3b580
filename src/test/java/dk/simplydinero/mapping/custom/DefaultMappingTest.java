package dk.simplydinero.mapping.custom;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.TestRecordTypes;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultMappingTest {

    private static RecordType type(SyncModule module, String vatField, int salesAccount) {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField(vatField);
        DineroProperties dinero = new DineroProperties();
        dinero.setSalesAccount(salesAccount);
        return TestRecordTypes.of(crm, dinero).of(module);
    }

    @Test
    void defaultRulesOfEveryModuleAndDirection() {
        for (SyncModule module : SyncModule.values()) {
            for (Direction direction : Direction.values()) {
                assertThat(type(module, "cf_853", 1000).defaultRules(direction)).isNotEmpty()
                        .allSatisfy(rule -> assertThat(rule.place()).isEqualTo("default mapping"));
            }
        }
        assertThat(type(SyncModule.ORGANIZATIONS, "", 1000).defaultRules(Direction.CRM_TO_DINERO))
                .extracting(FieldRule::target).doesNotContain("VatNumber");
        assertThat(type(SyncModule.ORGANIZATIONS, "cf_853", 1000).defaultRules(Direction.DINERO_TO_CRM))
                .extracting(FieldRule::target).contains("cf_853");
    }

    @Test
    void effectiveWithoutCustomRules() {
        List<Map<String, Object>> rows = DefaultMapping.effective(type(SyncModule.PRODUCTS, "cf_853", 1000), Direction.CRM_TO_DINERO, CustomMapping.NONE);
        assertThat(rows).containsExactly(
                Map.of("target", "ExternalReference", "source", List.of("id"), "conversion", "text", "from", "default",
                        "note", "links the Dinero record to its CRM record; cannot be changed"),
                Map.of("target", "Name", "source", List.of("productname"), "conversion", "text", "from", "default"),
                Map.of("target", "ProductNumber", "source", List.of("product_no"), "conversion", "text", "from", "default"),
                Map.of("target", "BaseAmountValue", "source", List.of("unit_price"), "conversion", "decimal",
                        "from", "default", "note", "no price: the product fails, never sent as free"),
                Map.of("target", "Quantity", "constant", 1, "from", "default"),
                Map.of("target", "AccountNumber", "constant", 1000, "from", "default", "note", "dinero.sales-account"),
                Map.of("target", "Unit", "source", List.of("usageunit"), "conversion", "unit", "from", "default"));
        assertThat(DefaultMapping.effective(type(SyncModule.PRODUCTS, "cf_853", 1020), Direction.CRM_TO_DINERO, null))
                .contains(Map.of("target", "AccountNumber", "constant", 1020, "from", "default",
                        "note", "dinero.sales-account"));
    }

    @Test
    void effectiveWithCustomRules() {
        CustomMapping custom = MappingFileReader.parse("mapping.yaml", """
                organizations:
                  crm-to-dinero:
                    - dinero: VatNumber
                      crm: cf_901
                    - dinero: Phone
                      drop: true
                    - dinero: EanNumber
                      crm: cf_902
                    - dinero: IsMember
                      constant: true
                """, TestRecordTypes.withVatField("cf_853"));
        List<Map<String, Object>> rows = DefaultMapping.effective(type(SyncModule.ORGANIZATIONS, "cf_853", 1000), Direction.CRM_TO_DINERO, custom);
        assertThat(rows).extracting(row -> row.get("target")).containsExactly("ExternalReference", "Name", "Street",
                "ZipCode", "City", "CountryKey", "Email", "Webpage", "VatNumber", "IsPerson", "IsMember", "UseCvr",
                "EanNumber");
        assertThat(rows).contains(
                Map.of("target", "VatNumber", "source", List.of("cf_901"), "conversion", "text",
                        "from", "mapping.yaml line 3"),
                Map.of("target", "IsMember", "constant", true, "from", "mapping.yaml line 9"),
                Map.of("target", "EanNumber", "source", List.of("cf_902"), "conversion", "text",
                        "from", "mapping.yaml line 7"),
                Map.of("target", "CountryKey", "source", List.of("bill_country"), "conversion", "country",
                        "from", "default"));
        // the other direction keeps its default
        RecordType organizations = type(SyncModule.ORGANIZATIONS, "cf_853", 1000);
        assertThat(DefaultMapping.effective(organizations, Direction.DINERO_TO_CRM, custom))
                .isEqualTo(DefaultMapping.effective(organizations, Direction.DINERO_TO_CRM, CustomMapping.NONE));
    }

    /** What a side's fingerprint covers (issue 10.7): the fields the rules in force read, custom rules applied. */
    @Test
    void sourcesAreWhatTheRulesInForceRead() {
        CustomMapping custom = MappingFileReader.parse("mapping.yaml", """
                organizations:
                  crm-to-dinero:
                    - dinero: VatNumber
                      crm: cf_901
                    - dinero: Phone
                      drop: true
                    - dinero: EanNumber
                      crm: cf_902
                  dinero-to-crm:
                    - crm: cf_853
                      dinero: EanNumber
                """, TestRecordTypes.withVatField(""));
        assertThat(DefaultMapping.sources(type(SyncModule.ORGANIZATIONS, "cf_853", 1000), Direction.CRM_TO_DINERO, custom))
                .containsExactly("id", "accountname", "bill_street", "bill_code", "bill_city", "bill_country",
                        "email1", "website", "cf_901", "cf_902");
        assertThat(DefaultMapping.sources(type(SyncModule.ORGANIZATIONS, "", 1000), Direction.DINERO_TO_CRM, custom))
                .containsExactly("Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email", "Webpage",
                        "EanNumber");
        assertThat(DefaultMapping.sources(type(SyncModule.ORGANIZATIONS, "", 1000), Direction.CRM_TO_DINERO, CustomMapping.NONE)).doesNotContain("cf_853");
        assertThat(DefaultMapping.sources(type(SyncModule.CONTACTS, "", 1000), Direction.CRM_TO_DINERO, null))
                .containsExactly("id", "firstname", "lastname", "mailingstreet", "mailingzip", "mailingcity",
                        "mailingcountry", "phone", "mobile", "email");
        assertThat(DefaultMapping.sources(type(SyncModule.INVOICES, "", 1000), Direction.CRM_TO_DINERO, null))
                .containsExactly("id", "account_id", "contact_id", "invoicedate", "currency_id", "subject", "duedate",
                        "LineItems")
                .doesNotContain("invoicestatus", "received", "balance");
        assertThat(DefaultMapping.sources(type(SyncModule.INVOICES, "", 1000), Direction.DINERO_TO_CRM, null))
                .contains("Status", "PaymentStatus", "PaidAmount", "RemainingAmount", "PaymentConditionType",
                        "ProductLines")
                .doesNotContain("ExternalReference", "Language");
    }
}
