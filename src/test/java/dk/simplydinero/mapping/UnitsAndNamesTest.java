package dk.simplydinero.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsAndNamesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"Hours, hours", "Box, box", "Carton, carton", "M, metre", "Pack, package",
            "Each, parts", "Pieces, parts", "Dozen, parts", "Quantity, parts", "'', parts", "hours, hours"})
    void crmUsageUnitToDineroUnit(String crm, String dinero) {
        assertThat(Units.toDinero(crm)).isEqualTo(dinero);
    }

    @Test
    void missingUnitIsParts() {
        assertThat(Units.toDinero(null)).isEqualTo("parts");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"hours, Hours", "box, Box", "carton, Carton", "metre, M", "package, Pack", "parts, Pieces",
            "km, Pieces", "litre, Pieces"})
    void dineroUnitToCrmUsageUnit(String dinero, String crm) {
        assertThat(Units.toCrm(dinero)).isEqualTo(crm);
    }

    @ParameterizedTest(name = "''{0}'' -> ''{1}'' + ''{2}''")
    @CsvSource({"Børge Lund, Børge, Lund", "Anne Marie Sørensen, Anne Marie, Sørensen", "Ærø, '', Ærø",
            "'  Jens   Peter  Ølgaard ', Jens Peter, Ølgaard", "'', '', ''"})
    void nameSplitsOnTheLastSpace(String name, String first, String last) {
        assertThat(PersonNames.split(name)).isEqualTo(new PersonNames.Split(first, last));
    }

    @ParameterizedTest(name = "''{0}'' + ''{1}'' -> ''{2}''")
    @CsvSource({"Børge, Lund, Børge Lund", "'', Ærø, Ærø", "' Anne Marie ', ' Sørensen', Anne Marie Sørensen"})
    void firstAndLastNameJoin(String first, String last, String name) {
        assertThat(PersonNames.join(first, last)).isEqualTo(name);
    }
}
