package dk.simplydinero.mapping;

import dk.simplydinero.contacts.ContactMappingTest;
import dk.simplydinero.organizations.OrganizationMappingTest;
import dk.simplydinero.products.ProductMappingTest;
import dk.simplydinero.invoices.InvoiceMappingTest;
import dk.simplydinero.contacts.ContactMapping;
import dk.simplydinero.invoices.InvoiceMapping;
import dk.simplydinero.dinero.DineroProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dinero's documented rules, checked before sending; each refusal names the record, the CRM field and the problem. */
class DineroRulesTest {

    private static CrmRecord record(String field, String value) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", "11x5");
        values.put(field, value);
        return CrmRecord.of("Organization", values);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "jens@firma.dk", "jens.hansen+faktura@post.firma.co.uk", "a@b.dk"})
    void anEmailAddressOrNoneIsTakenAsItIs(String email) {
        assertThat(DineroRules.email(record("email1", email), "email1")).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jens(at)firma.dk", "jens@firma", "jens hansen@firma.dk", "@firma.dk", "jens@@firma.dk",
            "jens@firma.dk.", "jens@.dk"})
    void anythingElseIsNotAnEmailAddress(String email) {
        assertThatThrownBy(() -> DineroRules.email(record("email1", email), "email1"))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getCrmId()).isEqualTo("11x5");
                    assertThat(e.getField()).isEqualTo("email1");
                })
                .hasMessage("CRM record 11x5: Email '" + email + "' (field 'email1') is not an e-mail address");
    }

    @Test
    void organizationsAndContactsWithABadEmailAreRefused() {
        Map<String, Object> organization = OrganizationMappingTest.oestergaard();
        organization.put("email1", "info(at)oestergaard.dk");
        assertThatThrownBy(() -> OrganizationMappingTest.mapping("").map(organization))
                .hasMessage("CRM record 11x3: Email 'info(at)oestergaard.dk' (field 'email1') is not an e-mail address");

        Map<String, Object> contact = ContactMappingTest.aase();
        contact.put("email", "aase.laerkesen@gmail");
        assertThatThrownBy(() -> new ContactMapping().map(contact))
                .hasMessage("CRM record 12x7: Email 'aase.laerkesen@gmail' (field 'email') is not an e-mail address");
    }

    @Test
    void textIsRefusedOverDinerosDocumentedLengthCountingCharactersNotBytes() {
        CrmRecord r = record("description", "");
        String fits = "æ".repeat(128);
        assertThat(DineroRules.maxLength(r, "description", fits, "Comment", 128)).isEqualTo(fits);

        assertThatThrownBy(() -> DineroRules.maxLength(r, "description", fits + "ø", "Comment", 128))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("description"))
                .hasMessage("CRM record 11x5: Comment (field 'description') is 129 characters long; Dinero allows at most 128");
    }

    @Test
    void aCrmIdTooLongForExternalReferenceIsRefusedByEveryMapping() {
        String longId = "14x" + "7".repeat(126);
        Map<String, Object> product = ProductMappingTest.kaffe();
        product.put("id", longId);
        assertThatThrownBy(() -> ProductMappingTest.mapping(1000).map(product))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("id"))
                .hasMessage("CRM record " + longId + ": ExternalReference (field 'id') is 129 characters long;"
                        + " Dinero allows at most 128");

        product.put("id", longId.substring(1));
        assertThat(ProductMappingTest.mapping(1000).map(product)).containsEntry("ExternalReference", longId.substring(1));
    }

    @Test
    void aNegativeQuantityIsRefusedNamingTheLine() {
        InvoiceMappingTest invoices = new InvoiceMappingTest();
        Map<String, Object> crm = InvoiceMappingTest.raadgivning();
        line(crm, 1).put("quantity", "-3.000");
        assertThatThrownBy(() -> invoices.mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("LineItems[2].quantity"))
                .hasMessage("CRM record 9x21: Quantity -3 (field 'LineItems[2].quantity') is negative; Dinero takes no"
                        + " negative quantities on invoice lines (credit it in Dinero instead)");

        line(crm, 1).put("quantity", "0.000");
        assertThat(InvoiceMappingTest.lines(invoices.mapping().map(crm)).get(0))
                .containsEntry("Quantity", BigDecimal.ZERO);
    }

    @Test
    void aCurrencyCodeOutsideIso4217IsRefusedAndAKnownOneIsUpperCased() {
        CrmRecord r = record("currency_id", "27x4");
        assertThat(DineroRules.currency(r, "currency_id", " sek ")).isEqualTo("SEK");

        assertThatThrownBy(() -> DineroRules.currency(r, "currency_id", "Kr."))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("currency_id"))
                .hasMessage("CRM record 11x5: Currency 'Kr.' (field 'currency_id', CRM currency 27x4) is not an ISO 4217"
                        + " currency code, which Dinero needs");
    }

    @Test
    void anInvoiceInAnUnknownCurrencyIsRefused() {
        InvoiceMapping mapping = new InvoiceMapping(new dk.simplydinero.config.SyncProperties(), new DineroProperties(),
                new InvoiceMappingTest().linkLookup, id -> java.util.Optional.of("XYZ"));
        assertThatThrownBy(() -> mapping.map(InvoiceMappingTest.raadgivning()))
                .hasMessage("CRM record 9x21: Currency 'XYZ' (field 'currency_id', CRM currency 27x1) is not an ISO 4217"
                        + " currency code, which Dinero needs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> line(Map<String, Object> invoice, int index) {
        return ((List<Map<String, Object>>) invoice.get("LineItems")).get(index);
    }
}
