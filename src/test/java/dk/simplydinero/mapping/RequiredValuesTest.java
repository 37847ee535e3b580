package dk.simplydinero.mapping;

import dk.simplydinero.products.ProductMappingTest;
import dk.simplydinero.organizations.OrganizationMapping;
import dk.simplydinero.products.ProductMapping;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.MappingFileReader;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A value Dinero requires that the mapping in force leaves empty is a refusal naming the field and the record, with
 * the custom mapping file as with the default one; only the documented defaults (DK, parts, constants) are filled in.
 */
class RequiredValuesTest {

    private static final CustomMapping PRICE_FROM_CF = read("""
            products:
              crm-to-dinero:
                - {dinero: BaseAmountValue, crm: cf_price}
            organizations:
              crm-to-dinero:
                - {dinero: CountryKey, crm: ship_country, conversion: text}
                - {dinero: Name, crm: cf_name}
            """);

    private static CustomMapping read(String yaml) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("mapping", ".yaml");
            java.nio.file.Files.writeString(file, yaml);
            try {
                return MappingFileReader.read(file, TestRecordTypes.withVatField("cf_853"));
            } finally {
                java.nio.file.Files.delete(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ProductMapping products(CustomMapping custom) {
        ProductMapping mapping = ProductMappingTest.mapping(1000);
        mapping.customizedBy(() -> custom);
        return mapping;
    }

    @Test
    void aCustomPriceRuleWhoseFieldIsEmptyIsRefusedNamingItsField() {
        Map<String, Object> product = ProductMappingTest.kaffe();
        product.put("cf_price", "");
        assertThatThrownBy(() -> products(PRICE_FROM_CF).mapInForce(product))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getField()).isEqualTo("cf_price");
                    assertThat(e.getCrmId()).isEqualTo("14x3");
                })
                .hasMessage("CRM record 14x3 (Kaffebønner, økologiske 1 kg): BaseAmountValue, which Dinero requires,"
                        + " has no value: field 'cf_price' is empty");
    }

    @Test
    void aCustomPriceRuleGivesThePriceAlsoWhenUnitPriceIsEmpty() {
        Map<String, Object> product = ProductMappingTest.kaffe();
        product.put("unit_price", "");
        product.put("cf_price", "45.00000000");
        assertThat(products(PRICE_FROM_CF).mapInForce(product)).containsEntry("BaseAmountValue", new BigDecimal("45"));
    }

    @Test
    void theDefaultMappingInForceRefusesAnEmptyUnitPrice() {
        Map<String, Object> product = ProductMappingTest.kaffe();
        product.put("unit_price", "");
        assertThatThrownBy(() -> products(CustomMapping.NONE).mapInForce(product))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("unit_price"))
                .hasMessageContaining("BaseAmountValue");
    }

    @Test
    void aCountryRuleLeftEmptyGetsTheDocumentedDkButAnEmptyNameIsRefused() {
        OrganizationMapping mapping = new OrganizationMapping(new SimplyCrmProperties());
        mapping.customizedBy(() -> PRICE_FROM_CF);
        Map<String, Object> org = new java.util.LinkedHashMap<>(Map.of("id", "11x7", "accountname", "Læsø Salt ApS",
                "bill_country", "Sweden", "ship_country", "", "cf_name", "Læsø Saltsyderi"));
        assertThat(mapping.mapInForce(org)).containsEntry("CountryKey", "DK").containsEntry("Name", "Læsø Saltsyderi");

        org.put("cf_name", " ");
        assertThatThrownBy(() -> mapping.mapInForce(org))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("cf_name"))
                .hasMessage("CRM record 11x7: Name, which Dinero requires, has no value: field 'cf_name' is empty");
    }
}
