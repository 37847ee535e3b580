package dk.simplydinero.mapping.custom;

import dk.simplydinero.mapping.TestRecordTypes;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class CustomMappingTest {

    private static CustomMapping parse(String yaml) {
        return MappingFileReader.parse("mapping.yaml", yaml, TestRecordTypes.withVatField("cf_853"));
    }

    private static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void noneKeepsTheDefault() {
        Map<String, Object> defaults = map("Name", "Hansen ApS", "Phone", "12345678");
        Map<String, Object> out = CustomMapping.NONE.apply(SyncModule.ORGANIZATIONS, Direction.CRM_TO_DINERO,
                map("accountname", "Hansen ApS"), defaults);
        assertThat(out).isEqualTo(defaults).isNotSameAs(defaults);
        assertThat(CustomMapping.NONE.crmFields()).isEmpty();
    }

    @Test
    void changeAddDropAndConstantCrmToDinero() {
        CustomMapping custom = parse("""
                organizations:
                  crm-to-dinero:
                    - {dinero: VatNumber, crm: cf_901}
                    - {dinero: EanNumber, crm: cf_902}
                    - {dinero: Phone, drop: true}
                    - {dinero: PaymentConditionNumberOfDays, constant: 14}
                    - {dinero: CountryKey, crm: ship_country}
                """);
        Map<String, Object> crm = map("accountname", "Hansen ApS", "cf_853", "DK111", "cf_901", "DK222",
                "cf_902", "5790000000001", "phone", "12345678", "bill_country", "Denmark", "ship_country", "Norge");
        Map<String, Object> defaults = map("Name", "Hansen ApS", "CountryKey", "DK", "Phone", "12345678",
                "VatNumber", "DK111", "IsPerson", false);
        Map<String, Object> out = custom.apply(SyncModule.ORGANIZATIONS, Direction.CRM_TO_DINERO, crm, defaults);
        assertThat(out).containsExactly(entry("Name", "Hansen ApS"), entry("CountryKey", "NO"),
                entry("VatNumber", "DK222"), entry("IsPerson", false), entry("EanNumber", "5790000000001"),
                entry("PaymentConditionNumberOfDays", 14));
        // other modules and directions are untouched
        assertThat(custom.apply(SyncModule.ORGANIZATIONS, Direction.DINERO_TO_CRM, crm, defaults)).isEqualTo(defaults);
        assertThat(custom.apply(SyncModule.CONTACTS, Direction.CRM_TO_DINERO, crm, defaults)).isEqualTo(defaults);
    }

    @Test
    void dineroToCrmWithConversions() {
        CustomMapping custom = parse("""
                contacts:
                  dinero-to-crm:
                    - {crm: firstname, dinero: Name, conversion: first-name}
                    - {crm: lastname, dinero: Name, conversion: last-name}
                    - {crm: cf_1, dinero: [Street, City], conversion: join}
                    - {crm: cf_2, dinero: CountryKey}
                    - {crm: cf_3, dinero: PaymentConditionNumberOfDays, conversion: decimal}
                    - {crm: phone, drop: true}
                products:
                  crm-to-dinero:
                    - {dinero: Unit, crm: cf_unit, conversion: unit}
                    - {dinero: BaseAmountValue, crm: cf_price}
                    - {dinero: AccountNumber, constant: 1010}
                invoices:
                  crm-to-dinero:
                    - {dinero: Date, crm: cf_date, conversion: date}
                  dinero-to-crm:
                    - {crm: cf_due, dinero: PaymentDate}
                """);
        Map<String, Object> dinero = map("Name", "Anne Marie Sørensen", "Street", "Vestergade 1", "City", "Aarhus",
                "CountryKey", "SE", "PaymentConditionNumberOfDays", 8, "Phone", "1234");
        Map<String, Object> out = custom.apply(SyncModule.CONTACTS, Direction.DINERO_TO_CRM, dinero,
                map("firstname", "Anne", "lastname", "Marie Sørensen", "phone", "1234"));
        assertThat(out).containsExactly(entry("firstname", "Anne Marie"), entry("lastname", "Sørensen"),
                entry("cf_1", "Vestergade 1 Aarhus"), entry("cf_2", "Sweden"), entry("cf_3", "8"));

        Map<String, Object> product = custom.apply(SyncModule.PRODUCTS, Direction.CRM_TO_DINERO,
                map("cf_unit", "Box", "cf_price", "12.50000000"),
                map("Name", "Kaffe", "Unit", "parts", "BaseAmountValue", BigDecimal.ONE, "AccountNumber", 1000));
        assertThat(product).containsExactly(entry("Name", "Kaffe"), entry("Unit", "box"),
                entry("BaseAmountValue", new BigDecimal("12.5")), entry("AccountNumber", 1010));

        assertThat(custom.apply(SyncModule.INVOICES, Direction.CRM_TO_DINERO, map("cf_date", "05-03-2024"), map()))
                .containsExactly(entry("Date", "2024-03-05"));
        assertThat(custom.apply(SyncModule.INVOICES, Direction.DINERO_TO_CRM,
                map("PaymentDate", "2024-03-13T00:00:00"), map("subject", "Faktura 7")))
                .containsExactly(entry("subject", "Faktura 7"), entry("cf_due", "2024-03-13"));
    }

    @Test
    void missingSourceFieldsGiveEmptyValues() {
        CustomMapping custom = parse("""
                products:
                  dinero-to-crm:
                    - {crm: cf_2, dinero: Comment}
                    - {crm: unit_price, dinero: BaseAmountValue}
                """);
        assertThat(custom.apply(SyncModule.PRODUCTS, Direction.DINERO_TO_CRM, null, null))
                .containsExactly(entry("cf_2", ""), entry("unit_price", ""));
    }
}
