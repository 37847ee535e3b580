package dk.simplydinero.contacts;

import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.mapping.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class ContactMappingTest {

    private final ContactMapping mapping = new ContactMapping();

    public static Map<String, Object> aase() {
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("id", "12x7");
        crm.put("firstname", "Åse");
        crm.put("lastname", "Lærkesen");
        crm.put("contact_no", "CON7");
        crm.put("email", "aase.laerkesen@gmail.com");
        crm.put("phone", "+45 66 11 22 33");
        crm.put("mobile", "+45 28 90 12 34");
        crm.put("mailingstreet", "Lærkevej 8, 1. th.");
        crm.put("mailingzip", "5000");
        crm.put("mailingcity", "Odense C");
        crm.put("mailingcountry", "Danmark");
        crm.put("account_id", "");
        return crm;
    }

    @Test
    void everyFieldOfAContactIsMapped() {
        assertThat(mapping.map(aase())).containsExactly(
                entry("ExternalReference", "12x7"),
                entry("Name", "Åse Lærkesen"),
                entry("Street", "Lærkevej 8, 1. th."),
                entry("ZipCode", "5000"),
                entry("City", "Odense C"),
                entry("CountryKey", "DK"),
                entry("Phone", "+45 66 11 22 33"),
                entry("Email", "aase.laerkesen@gmail.com"),
                entry("IsPerson", true),
                entry("IsMember", false),
                entry("UseCvr", false));
    }

    @ParameterizedTest(name = "''{0}'' + ''{1}'' -> ''{2}''")
    @CsvSource({"Søren, Østergaard, Søren Østergaard", "'', Ærbø, Ærbø", "Anders, Holm Sørensen, Anders Holm Sørensen",
            "' Ida ', ' Fælled ', Ida Fælled"})
    void firstAndLastNameAreJoined(String first, String last, String name) {
        Map<String, Object> crm = aase();
        crm.put("firstname", first);
        crm.put("lastname", last);
        assertThat(mapping.map(crm)).containsEntry("Name", name);
    }

    @Test
    void aContactWithoutAnyNameIsRefused() {
        Map<String, Object> crm = aase();
        crm.put("firstname", "");
        crm.put("lastname", "");
        assertThatThrownBy(() -> mapping.map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("lastname"))
                .hasMessageContaining("12x7");
    }

    @Test
    void phoneWinsOverMobile() {
        assertThat(mapping.map(aase())).containsEntry("Phone", "+45 66 11 22 33");
    }

    @Test
    void mobileIsUsedWhenThereIsNoPhone() {
        Map<String, Object> crm = aase();
        crm.put("phone", "");
        assertThat(mapping.map(crm)).containsEntry("Phone", "+45 28 90 12 34");
        crm.remove("phone");
        assertThat(mapping.map(crm)).containsEntry("Phone", "+45 28 90 12 34");
    }

    @Test
    void neitherPhoneNorMobileIsEmptyText() {
        Map<String, Object> crm = aase();
        crm.put("phone", "");
        crm.put("mobile", "");
        assertThat(mapping.map(crm)).containsEntry("Phone", "");
    }

    @Test
    void aForeignCountryIsMapped() {
        Map<String, Object> crm = aase();
        crm.put("mailingcountry", "Sverige");
        assertThat(mapping.map(crm)).containsEntry("CountryKey", "SE");
    }

    @Test
    void anUnknownCountryIsDenmarkWithAWarning() {
        Map<String, Object> crm = aase();
        crm.put("mailingcountry", "Fyn");
        try (LogCapture log = new LogCapture(ContactMapping.class)) {
            assertThat(mapping.map(crm)).containsEntry("CountryKey", "DK");
            assertThat(log.warnings()).singleElement().asString().contains("12x7").contains("Fyn");
        }
    }

    @Test
    void anEmptyContactStillHasEveryRequiredField() {
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("id", "12x15");
        crm.put("lastname", "Sofie");
        Map<String, Object> dinero = mapping.map(crm);
        assertThat(dinero).doesNotContainValue(null)
                .contains(entry("Name", "Sofie"), entry("CountryKey", "DK"), entry("IsPerson", true),
                        entry("IsMember", false), entry("UseCvr", false), entry("Street", ""));
    }

    /** A contact with more than one problem is refused for its missing name first, as the mapping always did. */
    @Test
    void aContactWithoutANameAndWithATooLongIdIsRefusedForTheName() {
        Map<String, Object> contact = aase();
        contact.put("id", "12x" + "1".repeat(130));
        contact.put("firstname", "");
        contact.put("lastname", "");
        assertThatThrownBy(() -> new ContactMapping().map(contact))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("lastname"))
                .hasMessageContaining("the contact has no name (fields 'firstname' and 'lastname' are empty)");
    }
}
