package dk.simplydinero.mapping.custom;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static dk.simplydinero.mapping.custom.Direction.CRM_TO_DINERO;
import static dk.simplydinero.mapping.custom.Direction.DINERO_TO_CRM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversionTest {

    private static List<Object> v(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void keys() {
        assertThat(Arrays.stream(Conversion.values()).map(Conversion::key)).containsExactly(
                "text", "country", "unit", "date", "decimal", "join", "first-name", "last-name");
        assertThat(Direction.CRM_TO_DINERO.key()).isEqualTo("crm-to-dinero");
        assertThat(Direction.DINERO_TO_CRM.key()).isEqualTo("dinero-to-crm");
    }

    @Test
    void text() {
        assertThat(Conversion.TEXT.apply(v(" DK12345678 "), CRM_TO_DINERO)).isEqualTo("DK12345678");
        assertThat(Conversion.TEXT.apply(v((Object) null), CRM_TO_DINERO)).isEqualTo("");
        assertThat(Conversion.TEXT.apply(v(14), DINERO_TO_CRM)).isEqualTo("14");
        assertThat(Conversion.TEXT.apply(v(189.50), DINERO_TO_CRM)).isEqualTo("189.5");
    }

    @Test
    void join() {
        assertThat(Conversion.JOIN.apply(v("Mr.", "", "Anne Marie", null, "Sørensen"), CRM_TO_DINERO))
                .isEqualTo("Mr. Anne Marie Sørensen");
        assertThat(Conversion.JOIN.apply(v("Vestergade 1", "Aarhus"), DINERO_TO_CRM)).isEqualTo("Vestergade 1 Aarhus");
    }

    @Test
    void country() {
        assertThat(Conversion.COUNTRY.apply(v("Danmark"), CRM_TO_DINERO)).isEqualTo("DK");
        assertThat(Conversion.COUNTRY.apply(v("Sweden"), CRM_TO_DINERO)).isEqualTo("SE");
        assertThat(Conversion.COUNTRY.apply(v("Atlantis"), CRM_TO_DINERO)).isEqualTo("DK");
        assertThat(Conversion.COUNTRY.apply(v(""), CRM_TO_DINERO)).isEqualTo("DK");
        assertThat(Conversion.COUNTRY.apply(v("SE"), DINERO_TO_CRM)).isEqualTo("Sweden");
        assertThat(Conversion.COUNTRY.apply(v("XX"), DINERO_TO_CRM)).isEqualTo("XX");
        assertThat(Conversion.COUNTRY.apply(v((Object) null), DINERO_TO_CRM)).isEqualTo("");
    }

    @Test
    void unit() {
        assertThat(Conversion.UNIT.apply(v("Hours"), CRM_TO_DINERO)).isEqualTo("hours");
        assertThat(Conversion.UNIT.apply(v("Each"), CRM_TO_DINERO)).isEqualTo("parts");
        assertThat(Conversion.UNIT.apply(v("metre"), DINERO_TO_CRM)).isEqualTo("M");
        assertThat(Conversion.UNIT.apply(v("litre"), DINERO_TO_CRM)).isEqualTo("Pieces");
    }

    @Test
    void date() {
        assertThat(Conversion.DATE.apply(v("2024-03-05"), CRM_TO_DINERO)).isEqualTo("2024-03-05");
        assertThat(Conversion.DATE.apply(v("05-03-2024"), CRM_TO_DINERO)).isEqualTo("2024-03-05");
        assertThat(Conversion.DATE.apply(v("2024-03-05T14:20:47.407"), DINERO_TO_CRM)).isEqualTo("2024-03-05");
        assertThat(Conversion.DATE.apply(v("2024-03-05 14:20:47"), CRM_TO_DINERO)).isEqualTo("2024-03-05");
        assertThat(Conversion.DATE.apply(v(""), CRM_TO_DINERO)).isNull();
        assertThat(Conversion.DATE.apply(v((Object) null), DINERO_TO_CRM)).isEqualTo("");
        assertThatThrownBy(() -> Conversion.DATE.apply(v("2024-02-30"), CRM_TO_DINERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'2024-02-30' is not a date (yyyy-MM-dd, yyyy-MM-ddTHH:mm:ss or dd-MM-yyyy)");
        assertThatThrownBy(() -> Conversion.DATE.apply(v("next week"), DINERO_TO_CRM))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimal() {
        assertThat(Conversion.DECIMAL.apply(v("189.50000000"), CRM_TO_DINERO)).isEqualTo(new BigDecimal("189.5"));
        assertThat(Conversion.DECIMAL.apply(v("1000"), CRM_TO_DINERO)).isEqualTo(new BigDecimal("1000"));
        assertThat(Conversion.DECIMAL.apply(v(""), CRM_TO_DINERO)).isNull();
        assertThat(Conversion.DECIMAL.apply(v(189.5), DINERO_TO_CRM)).isEqualTo("189.5");
        assertThat(Conversion.DECIMAL.apply(v(1E3), DINERO_TO_CRM)).isEqualTo("1000");
        assertThat(Conversion.DECIMAL.apply(v((Object) null), DINERO_TO_CRM)).isEqualTo("");
        assertThatThrownBy(() -> Conversion.DECIMAL.apply(v("12,5 kr"), CRM_TO_DINERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'12,5 kr' is not a decimal number");
    }

    @Test
    void names() {
        assertThat(Conversion.FIRST_NAME.apply(v("Anne Marie Sørensen"), DINERO_TO_CRM)).isEqualTo("Anne Marie");
        assertThat(Conversion.LAST_NAME.apply(v("Anne Marie Sørensen"), DINERO_TO_CRM)).isEqualTo("Sørensen");
        assertThat(Conversion.FIRST_NAME.apply(v("Cher"), DINERO_TO_CRM)).isEqualTo("");
        assertThat(Conversion.LAST_NAME.apply(v("Cher"), DINERO_TO_CRM)).isEqualTo("Cher");
        assertThat(Conversion.LAST_NAME.apply(v("Anne Sørensen"), CRM_TO_DINERO)).isEqualTo("Sørensen");
    }
}
