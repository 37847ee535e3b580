package dk.simplydinero.mapping;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CountriesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Denmark, DK", "Danmark, DK", "DK, DK", "dk, DK", "DNK, DK", "  denmark , DK",
            "Sweden, SE", "Sverige, SE", "Norway, NO", "Norge, NO", "Germany, DE", "Tyskland, DE",
            "Færøerne, FO", "Faroe Islands, FO", "Grønland, GL", "Greenland, GL",
            "United Kingdom, GB", "UK, GB", "Storbritannien, GB", "USA, US", "Holland, NL", "Nederlandene, NL",
    })
    void englishDanishNamesAndIsoCodesGiveTheAlpha2Code(String text, String expected) {
        assertThat(Countries.isoCode(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Atlantis", "XX", "Jylland"})
    void unknownTextNamesNoCountry(String text) {
        assertThat(Countries.isoCode(text)).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"DK, Denmark", "se, Sweden", "GB, United Kingdom"})
    void isoCodesReadBackAsEnglishNames(String code, String name) {
        assertThat(Countries.englishName(code)).isEqualTo(name);
    }
}
