package dk.simplydinero.products;

import dk.simplydinero.mapping.DineroMappingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class DineroProductMappingTest {

    public static final String GUID = "9a000000-0000-4000-8000-0000000000f2";

    public static Map<String, Object> planke() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("ProductGuid", GUID);
        d.put("ProductNumber", "T-220");
        d.put("Name", "Egetræsplanke 28 mm");
        d.put("BaseAmountValue", new BigDecimal("189.95"));
        d.put("Quantity", 1);
        d.put("AccountNumber", 1000);
        d.put("Unit", "metre");
        d.put("ExternalReference", null);
        d.put("Comment", "Sorteret, høvlet");
        return d;
    }

    private final DineroProductMapping mapping = new DineroProductMapping();

    @Test
    void everyFieldOfAProductIsMappedButNotTheAutoNumber() {
        assertThat(mapping.map(planke())).containsExactly(
                entry("productname", "Egetræsplanke 28 mm"),
                entry("unit_price", "189.95"),
                entry("usageunit", "M"));
    }

    @Test
    void theProductNumberIsOfferedForLookupOnly() {
        assertThat(mapping.productNo(planke())).contains("T-220");
        Map<String, Object> d = planke();
        d.put("ProductNumber", null);
        assertThat(mapping.productNo(d)).isEmpty();
        d.put("ProductNumber", "");
        assertThat(mapping.productNo(d)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"950,950", "1250.50,1250.5", "3.79,3.79", "0,0", "1E+3,1000", "0.10000,0.1"})
    void thePriceIsAPlainDecimal(String dinero, String crm) {
        Map<String, Object> d = planke();
        d.put("BaseAmountValue", new BigDecimal(dinero));
        assertThat(mapping.map(d)).containsEntry("unit_price", crm);
    }

    @Test
    void integerAndStringPricesAreAccepted() {
        Map<String, Object> d = planke();
        d.put("BaseAmountValue", 1200);
        assertThat(mapping.map(d)).containsEntry("unit_price", "1200");
        d.put("BaseAmountValue", 145L);
        assertThat(mapping.map(d)).containsEntry("unit_price", "145");
        d.put("BaseAmountValue", "650.00");
        assertThat(mapping.map(d)).containsEntry("unit_price", "650");
    }

    @ParameterizedTest
    @CsvSource(value = {"hours,Hours", "box,Box", "carton,Carton", "metre,M", "package,Pack", "parts,Pieces",
            "km,Pieces", "kilogram,Pieces", "month,Pieces", "HOURS,Hours", "'',Pieces", "NULL,Pieces"}, nullValues = "NULL")
    void unitsMapToCrmPicklistValues(String dinero, String crm) {
        Map<String, Object> d = planke();
        d.put("Unit", dinero);
        assertThat(mapping.map(d)).containsEntry("usageunit", crm);
    }

    @Test
    void aPriceThatIsNoNumberIsRefusedNamingIdAndField() {
        Map<String, Object> d = planke();
        d.put("BaseAmountValue", "189,95 kr.");
        assertThatThrownBy(() -> mapping.map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> {
                    assertThat(e.getDineroId()).isEqualTo(GUID);
                    assertThat(e.getField()).isEqualTo("BaseAmountValue");
                })
                .hasMessageContaining(GUID).hasMessageContaining("189,95 kr.").hasMessageContaining("not a number");
        d.put("BaseAmountValue", true);
        assertThatThrownBy(() -> mapping.map(d)).isInstanceOf(DineroMappingException.class);
    }

    @Test
    void aMissingPriceOrNameIsRefused() {
        Map<String, Object> noPrice = planke();
        noPrice.put("BaseAmountValue", null);
        assertThatThrownBy(() -> mapping.map(noPrice))
                .isInstanceOfSatisfying(DineroMappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("BaseAmountValue"));
        Map<String, Object> noName = planke();
        noName.put("Name", "");
        assertThatThrownBy(() -> mapping.map(noName))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("Name"));
    }

    @Test
    void theMappingRoundTripsThroughTheCrmToDineroMappingForCrmUnits() {
        Map<String, Object> crm = new LinkedHashMap<>(mapping.map(planke()));
        crm.put("id", "14x3");
        Map<String, Object> back = new ProductMapping(new dk.simplydinero.dinero.DineroProperties()).map(crm);
        assertThat(back).containsEntry("Name", "Egetræsplanke 28 mm")
                .containsEntry("BaseAmountValue", new BigDecimal("189.95"))
                .containsEntry("Unit", "metre");
    }
}
