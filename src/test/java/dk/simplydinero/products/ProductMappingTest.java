package dk.simplydinero.products;

import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.dinero.DineroProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class ProductMappingTest {

    public static ProductMapping mapping(int salesAccount) {
        DineroProperties dinero = new DineroProperties();
        dinero.setSalesAccount(salesAccount);
        return new ProductMapping(dinero);
    }

    public static Map<String, Object> kaffe() {
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("id", "14x3");
        crm.put("productname", "Kaffebønner, økologiske 1 kg");
        crm.put("product_no", "PRO3");
        crm.put("productcode", "KAF-1KG");
        crm.put("unit_price", "189.50000000");
        crm.put("usageunit", "Pieces");
        crm.put("qtyinstock", "240.000");
        return crm;
    }

    @Test
    void everyFieldOfAProductIsMapped() {
        assertThat(mapping(1000).map(kaffe())).containsExactly(
                entry("ExternalReference", "14x3"),
                entry("Name", "Kaffebønner, økologiske 1 kg"),
                entry("ProductNumber", "PRO3"),
                entry("BaseAmountValue", new BigDecimal("189.5")),
                entry("Quantity", BigDecimal.ONE),
                entry("AccountNumber", 1000),
                entry("Unit", "parts"));
    }

    @Test
    void theConfiguredSalesAccountIsUsed() {
        assertThat(mapping(1010).map(kaffe())).containsEntry("AccountNumber", 1010);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1250.00000000, 1250", "12.50000000, 12.5", "149.95000000, 149.95", "0.00000000, 0",
            "1000000.00000000, 1000000", "0.12345000, 0.12345", "-25.00000000, -25", "89, 89"})
    void unitPriceLosesTheCrmTrailingZeros(String crm, String expected) {
        Map<String, Object> product = kaffe();
        product.put("unit_price", crm);
        BigDecimal price = (BigDecimal) mapping(1000).map(product).get("BaseAmountValue");
        assertThat(price).isEqualTo(new BigDecimal(expected));
        assertThat(price.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "unit_price \"{0}\"")
    @CsvSource(value = {"''", "'   '", "NULL"}, nullValues = "NULL")
    void aProductWithoutPriceIsRefusedNamingTheFieldAndTheProduct(String price) {
        Map<String, Object> product = kaffe();
        product.put("unit_price", price);
        assertThatThrownBy(() -> mapping(1000).map(product))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getField()).isEqualTo("unit_price");
                    assertThat(e.getCrmId()).isEqualTo("14x3");
                })
                .hasMessage("CRM record 14x3 (Kaffebønner, økologiske 1 kg): BaseAmountValue, which Dinero requires,"
                        + " has no value: field 'unit_price' is empty");
    }

    @Test
    void aPriceOfZeroIsAPriceOfZero() {
        Map<String, Object> product = kaffe();
        product.put("unit_price", "0.00000000");
        assertThat(mapping(1000).map(product)).containsEntry("BaseAmountValue", BigDecimal.ZERO);
    }

    @Test
    void aMalformedPriceIsRefusedNamingTheField() {
        Map<String, Object> product = kaffe();
        product.put("unit_price", "189,50 kr.");
        assertThatThrownBy(() -> mapping(1000).map(product))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getField()).isEqualTo("unit_price");
                    assertThat(e.getCrmId()).isEqualTo("14x3");
                })
                .hasMessageContaining("unit_price").hasMessageContaining("189,50 kr.");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Hours, hours", "Box, box", "Carton, carton", "M, metre", "Pack, package", "Each, parts",
            "Pieces, parts", "Dozen, parts", "'', parts"})
    void usageUnitBecomesADineroUnit(String usageunit, String unit) {
        Map<String, Object> product = kaffe();
        product.put("usageunit", usageunit);
        assertThat(mapping(1000).map(product)).containsEntry("Unit", unit);
    }

    @Test
    void aProductWithoutNameIsRefused() {
        Map<String, Object> product = kaffe();
        product.put("productname", "");
        assertThatThrownBy(() -> mapping(1000).map(product))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("productname"));
    }

    /** A product with more than one problem is refused for its price first, as the mapping always did. */
    @Test
    void aProductWithoutANameAndWithAMalformedPriceIsRefusedForThePrice() {
        Map<String, Object> product = kaffe();
        product.put("productname", "");
        product.put("unit_price", "12,50");
        assertThatThrownBy(() -> mapping(1000).map(product))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("unit_price"))
                .hasMessage("CRM record 14x3: field 'unit_price' holds '12,50', which is not a number");
    }
}
