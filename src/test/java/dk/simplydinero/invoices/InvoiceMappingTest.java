package dk.simplydinero.invoices;

import dk.simplydinero.mapping.LinkLookup;
import dk.simplydinero.mapping.CurrencyLookup;
import dk.simplydinero.mapping.UnlinkedDependencyException;
import dk.simplydinero.mapping.MappingException;
import dk.simplydinero.config.SyncProperties.InvoiceContact;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.UnlinkedDependencyException.Dependency;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class InvoiceMappingTest {

    public static final String OESTERGAARD = "11x3";
    public static final String SOEREN = "12x16";
    public static final String KONSULENT = "14x1";
    public static final String WEEKEND = "14x2";
    public static final String KAFFE = "14x3";

    /** Links as the link table would answer; tests remove entries to make records unlinked. */
    final Map<String, String> links = new HashMap<>(Map.of(
            "ORGANIZATIONS/" + OESTERGAARD, "c0ffee00-0000-4000-8000-000000000001",
            "CONTACTS/" + SOEREN, "c0ffee00-0000-4000-8000-000000000002",
            "PRODUCTS/" + KONSULENT, "9a000000-0000-4000-8000-000000000001",
            "PRODUCTS/" + WEEKEND, "9a000000-0000-4000-8000-000000000002",
            "PRODUCTS/" + KAFFE, "9a000000-0000-4000-8000-000000000003"));
    public final LinkLookup linkLookup = (module, crmId) -> Optional.ofNullable(links.get(module.name() + "/" + crmId));
    final CurrencyLookup currencyLookup = id -> Optional.ofNullable(Map.of("27x1", "DKK", "27x2", "eur").get(id));

    public InvoiceMapping mapping(InvoiceContact invoiceContact) {
        SyncProperties sync = new SyncProperties();
        sync.setInvoiceContact(invoiceContact);
        DineroProperties dinero = new DineroProperties();
        dinero.setSalesAccount(1010);
        return new InvoiceMapping(sync, dinero, linkLookup, currencyLookup);
    }

    public InvoiceMapping mapping() {
        return mapping(InvoiceContact.ORGANIZATIONS);
    }

    public static Map<String, Object> line(String seq, String productId, String name, String qty, String price,
                                    String percent, String amount, String comment) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("parent_id", "2xArray");
        line.put("productid", productId);
        line.put("sequence_no", seq);
        line.put("quantity", qty);
        line.put("listprice", price);
        line.put("discount_percent", percent);
        line.put("discount_amount", amount);
        line.put("comment", comment);
        line.put("tax1", "");
        line.put("product_name", name);
        line.put("entity_type", "Products");
        line.put("deleted", "0");
        return line;
    }

    public static Map<String, Object> raadgivning() {
        Map<String, Object> crm = new LinkedHashMap<>();
        crm.put("id", "9x21");
        crm.put("subject", "Rådgivning september – Østergaard");
        crm.put("account_id", OESTERGAARD);
        crm.put("contact_id", SOEREN);
        crm.put("invoicedate", "2026-10-19");
        crm.put("duedate", "2026-11-02");
        crm.put("invoicestatus", "Sent");
        crm.put("currency_id", "27x1");
        crm.put("conversion_rate", "1.000");
        crm.put("hdnGrandTotal", "3612.50000000");
        List<Map<String, Object>> lines = new ArrayList<>();
        // Deliberately out of order: sequence_no decides.
        lines.add(line("2", WEEKEND, "Støttetime, weekend", "1.000", "1250.00000000", "10.000", "0.00000000", ""));
        lines.add(line("1", KONSULENT, "Konsulenttime", "2.000", "950.00000000", "0.000", "0.00000000",
                "Rådgivning om økonomistyring"));
        crm.put("LineItems", lines);
        return crm;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> lines(Map<String, Object> dinero) {
        return (List<Map<String, Object>>) dinero.get("ProductLines");
    }

    @Test
    void everyFieldOfAnInvoiceIsMapped() {
        Map<String, Object> dinero = mapping().map(raadgivning());

        assertThat(dinero).containsExactly(
                entry("ExternalReference", "9x21"),
                entry("ContactGuid", "c0ffee00-0000-4000-8000-000000000001"),
                entry("Date", "2026-10-19"),
                entry("Currency", "DKK"),
                entry("Language", "da-DK"),
                entry("Description", "Rådgivning september – Østergaard"),
                entry("PaymentConditionType", "Netto"),
                entry("PaymentConditionNumberOfDays", 14),
                entry("ProductLines", lines(dinero)));
        assertThat(lines(dinero)).containsExactly(
                Map.of("ProductGuid", "9a000000-0000-4000-8000-000000000001",
                        "Description", "Rådgivning om økonomistyring",
                        "Quantity", new BigDecimal("2"),
                        "BaseAmountValue", new BigDecimal("950"),
                        "Discount", BigDecimal.ZERO,
                        "AccountNumber", 1010,
                        "LineType", "Product"),
                Map.of("ProductGuid", "9a000000-0000-4000-8000-000000000002",
                        "Description", "Støttetime, weekend",
                        "Quantity", new BigDecimal("1"),
                        "BaseAmountValue", new BigDecimal("1250"),
                        "Discount", new BigDecimal("10"),
                        "AccountNumber", 1010,
                        "LineType", "Product"));
    }

    @Test
    void theOrganizationIsTheCustomerWhenOrganizationsHavePriority() {
        assertThat(mapping(InvoiceContact.ORGANIZATIONS).map(raadgivning()))
                .containsEntry("ContactGuid", "c0ffee00-0000-4000-8000-000000000001");
    }

    @Test
    void theContactIsTheCustomerWhenContactsHavePriority() {
        assertThat(mapping(InvoiceContact.CONTACTS).map(raadgivning()))
                .containsEntry("ContactGuid", "c0ffee00-0000-4000-8000-000000000002");
    }

    @Test
    void theOtherReferenceIsTheCustomerWhenThePreferredOneIsEmpty() {
        Map<String, Object> noContact = raadgivning();
        noContact.put("contact_id", "");
        assertThat(mapping(InvoiceContact.CONTACTS).map(noContact))
                .containsEntry("ContactGuid", "c0ffee00-0000-4000-8000-000000000001");

        Map<String, Object> noAccount = raadgivning();
        noAccount.put("account_id", "");
        assertThat(mapping(InvoiceContact.ORGANIZATIONS).map(noAccount))
                .containsEntry("ContactGuid", "c0ffee00-0000-4000-8000-000000000002");
    }

    @Test
    void anInvoiceWithoutCustomerIsRefusedNamingTheField() {
        Map<String, Object> crm = raadgivning();
        crm.put("account_id", "");
        crm.remove("contact_id");
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getCrmId()).isEqualTo("9x21");
                    assertThat(e.getField()).isEqualTo("account_id");
                })
                .hasMessageContaining("9x21").hasMessageContaining("account_id").hasMessageContaining("no customer");
    }

    @Test
    void aMalformedCustomerReferenceIsRefused() {
        Map<String, Object> crm = raadgivning();
        crm.put("account_id", "Østergaard");
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("account_id"));
    }

    @Test
    void anInvoiceWithoutLinesIsRefused() {
        Map<String, Object> empty = raadgivning();
        empty.put("LineItems", List.of());
        Map<String, Object> absent = raadgivning();
        absent.remove("LineItems");
        for (Map<String, Object> crm : List.of(empty, absent)) {
            assertThatThrownBy(() -> mapping().map(crm))
                    .isInstanceOfSatisfying(MappingException.class, e -> {
                        assertThat(e.getCrmId()).isEqualTo("9x21");
                        assertThat(e.getField()).isEqualTo("LineItems");
                    })
                    .hasMessageContaining("9x21").hasMessageContaining("no line items");
        }
    }

    @Test
    void anUnlinkedCustomerAndProductsAreAllListedAndNothingIsMapped() {
        links.remove("ORGANIZATIONS/" + OESTERGAARD);
        links.remove("PRODUCTS/" + KONSULENT);
        links.remove("PRODUCTS/" + KAFFE);
        Map<String, Object> crm = raadgivning();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) crm.get("LineItems");
        lines.add(line("3", KAFFE, "Kaffebønner, økologiske 1 kg", "3.000", "189.50000000", "0.000", "0.00000000", ""));
        lines.add(line("4", KAFFE, "Kaffebønner, økologiske 1 kg", "1.000", "189.50000000", "0.000", "0.00000000", ""));

        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(UnlinkedDependencyException.class, e -> {
                    assertThat(e.getCrmId()).isEqualTo("9x21");
                    assertThat(e.getMissing()).containsExactly(
                            new Dependency(SyncModule.ORGANIZATIONS, OESTERGAARD),
                            new Dependency(SyncModule.PRODUCTS, KONSULENT),
                            new Dependency(SyncModule.PRODUCTS, KAFFE));
                    assertThat(e.getMissingByModule()).containsExactly(
                            entry(SyncModule.ORGANIZATIONS, List.of(OESTERGAARD)),
                            entry(SyncModule.PRODUCTS, List.of(KONSULENT, KAFFE)));
                })
                .hasMessageContaining("9x21").hasMessageContaining("organizations 11x3")
                .hasMessageContaining("products 14x1, 14x3");
    }

    @Test
    void anUnlinkedContactCustomerIsListedUnderContacts() {
        links.remove("CONTACTS/" + SOEREN);
        assertThatThrownBy(() -> mapping(InvoiceContact.CONTACTS).map(raadgivning()))
                .isInstanceOfSatisfying(UnlinkedDependencyException.class, e -> assertThat(e.getMissing())
                        .containsExactly(new Dependency(SyncModule.CONTACTS, SOEREN)));
    }

    @ParameterizedTest(name = "{0} .. {1} -> {2}")
    @CsvSource({"2026-10-19, 2026-11-02, 14", "2026-10-19, 2026-10-19, 0", "2026-12-01, 2027-01-30, 60",
            "2026-02-20, 2026-03-02, 10"})
    void dueDateMinusInvoiceDateIsTheNetPaymentDays(String date, String due, int days) {
        Map<String, Object> crm = raadgivning();
        crm.put("invoicedate", date);
        crm.put("duedate", due);
        assertThat(mapping().map(crm))
                .containsEntry("Date", date)
                .containsEntry("PaymentConditionType", "Netto")
                .containsEntry("PaymentConditionNumberOfDays", days);
    }

    @ParameterizedTest(name = "''{0}'' .. ''{1}''")
    @CsvSource({"2026-10-19, ''", "2026-11-02, 2026-10-19"})
    void noPaymentConditionWithoutADueDateOrWithADueDateBeforeTheInvoiceDate(String date, String due) {
        Map<String, Object> crm = raadgivning();
        crm.put("invoicedate", date);
        crm.put("duedate", due);
        Map<String, Object> dinero = mapping().map(crm);
        assertThat(dinero).doesNotContainKeys("PaymentConditionType", "PaymentConditionNumberOfDays")
                .doesNotContainValue(null);
    }

    @ParameterizedTest(name = "duedate ''{0}''")
    @CsvSource({"''", "2026-11-02"})
    void anInvoiceWithoutADateIsRefusedNamingTheField(String due) {
        Map<String, Object> crm = raadgivning();
        crm.put("invoicedate", "");
        crm.put("duedate", due);
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getField()).isEqualTo("invoicedate");
                    assertThat(e.getCrmId()).isEqualTo(crm.get("id"));
                })
                .hasMessageContaining("Date, which Dinero requires, has no value: field 'invoicedate' is empty");
    }

    @Test
    void aMalformedDateIsRefusedNamingTheField() {
        Map<String, Object> crm = raadgivning();
        crm.put("duedate", "2. november 2026");
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("duedate"))
                .hasMessageContaining("2. november 2026");
    }

    @Test
    void theCurrencyReferenceBecomesItsIsoCode() {
        Map<String, Object> crm = raadgivning();
        crm.put("currency_id", "27x2");
        assertThat(mapping().map(crm)).containsEntry("Currency", "EUR");
    }

    @Test
    void noCurrencyIsDanishKroner() {
        Map<String, Object> crm = raadgivning();
        crm.put("currency_id", "");
        assertThat(mapping().map(crm)).containsEntry("Currency", "DKK");
        crm.remove("currency_id");
        assertThat(mapping().map(crm)).containsEntry("Currency", "DKK");
    }

    @Test
    void anUnknownCurrencyIsRefused() {
        Map<String, Object> crm = raadgivning();
        crm.put("currency_id", "27x9");
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.getField()).isEqualTo("currency_id"))
                .hasMessageContaining("27x9");
    }

    @Test
    void linesFollowSequenceNumbersNumericallyNotAsText() {
        Map<String, Object> crm = raadgivning();
        List<Map<String, Object>> crmLines = new ArrayList<>();
        crmLines.add(line("10", KAFFE, "Kaffe ti", "1.000", "1.00000000", "0.000", "0.00000000", ""));
        crmLines.add(line("9", KAFFE, "Kaffe ni", "1.000", "1.00000000", "0.000", "0.00000000", ""));
        crmLines.add(line("1", KAFFE, "Kaffe en", "1.000", "1.00000000", "0.000", "0.00000000", ""));
        crm.put("LineItems", crmLines);
        assertThat(lines(mapping().map(crm))).extracting(l -> l.get("Description"))
                .containsExactly("Kaffe en", "Kaffe ni", "Kaffe ti");
    }

    @Test
    void theProductNameDescribesALineWithoutComment() {
        List<Map<String, Object>> dinero = lines(mapping().map(raadgivning()));
        assertThat(dinero.get(0)).containsEntry("Description", "Rådgivning om økonomistyring");
        assertThat(dinero.get(1)).containsEntry("Description", "Støttetime, weekend");
    }

    @Test
    void quantitiesAndPricesLoseTheCrmTrailingZeros() {
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(
                line("1", KAFFE, "Kaffe", "2.500", "189.50000000", "12.500", "0.00000000", "")));
        Map<String, Object> line = lines(mapping().map(crm)).get(0);
        assertThat(line.get("Quantity")).hasToString("2.5");
        assertThat(line.get("BaseAmountValue")).hasToString("189.5");
        assertThat(line.get("Discount")).hasToString("12.5");
    }

    @Test
    void jsonNumbersAsInACreateAnswerAreRead() {
        Map<String, Object> crm = raadgivning();
        Map<String, Object> line = line("1", KAFFE, "Kaffe", "", "", "", "", "");
        line.put("sequence_no", 1);
        line.put("quantity", 3);
        line.put("listprice", 514.1);
        line.put("discount_percent", 0);
        line.put("discount_amount", 0.0);
        crm.put("LineItems", List.of(line));
        Map<String, Object> dinero = lines(mapping().map(crm)).get(0);
        assertThat(dinero.get("Quantity")).isEqualTo(new BigDecimal("3"));
        assertThat(dinero.get("BaseAmountValue")).isEqualTo(new BigDecimal("514.1"));
        assertThat(dinero.get("Discount")).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void anEmptyDiscountIsZero() {
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(line("1", KAFFE, "Kaffe", "1.000", "189.50000000", "", "", "")));
        assertThat(lines(mapping().map(crm)).get(0)).containsEntry("Discount", BigDecimal.ZERO);
    }

    @ParameterizedTest(name = "{0} x {1} less {2} kr -> {3} %")
    @CsvSource({"2.000, 950.00000000, 190.00000000, 10", "3.000, 33.33000000, 10.00000000, 10.001",
            "1.000, 1250.00000000, 1250.00000000, 100", "4.000, 189.50000000, 37.90000000, 5"})
    void aDiscountAmountBecomesTheEquivalentPercent(String qty, String price, String amount, String percent) {
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(line("1", KAFFE, "Kaffe", qty, price, "0.000", amount, "")));
        assertThat(lines(mapping().map(crm)).get(0).get("Discount")).isEqualTo(new BigDecimal(percent));
    }

    @Test
    void aDiscountAmountWinsOverAPercentAsInTheCrmTotals() {
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(line("1", KAFFE, "Kaffe", "1.000", "200.00000000", "10.000", "50.00000000", "")));
        assertThat(lines(mapping().map(crm)).get(0).get("Discount")).isEqualTo(new BigDecimal("25"));
    }

    @Test
    void aDiscountAmountOnALineWorthNothingIsRefused() {
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(line("1", KAFFE, "Kaffe", "0.000", "200.00000000", "", "5.00000000", "")));
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("LineItems[1].discount_amount"));
    }

    @Test
    void aMalformedQuantityIsRefusedNamingTheLineAndField() {
        Map<String, Object> crm = raadgivning();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> crmLines = (List<Map<String, Object>>) crm.get("LineItems");
        crmLines.get(1).put("quantity", "to stk.");
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.getCrmId()).isEqualTo("9x21");
                    assertThat(e.getField()).isEqualTo("LineItems[2].quantity");
                })
                .hasMessageContaining("to stk.");
    }

    @Test
    void anEmptyPriceIsRefusedNeverSentAsNull() {
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(line("1", KAFFE, "Kaffe", "1.000", "", "0.000", "0.00000000", "")));
        assertThatThrownBy(() -> mapping().map(crm))
                .isInstanceOfSatisfying(MappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("LineItems[1].listprice"));
    }

    @Test
    void aServiceLineOrALineWithoutProductHasNoProductGuid() {
        Map<String, Object> crm = raadgivning();
        Map<String, Object> service = line("1", "26x4", "Servicebesøg", "1.000", "1495.00000000", "0.000", "0.00000000", "");
        service.put("entity_type", "Services");
        Map<String, Object> noProduct = line("2", "", "", "1.000", "10.00000000", "0.000", "0.00000000", "Fragt");
        crm.put("LineItems", List.of(service, noProduct));
        List<Map<String, Object>> dinero = lines(mapping().map(crm));
        assertThat(dinero).allSatisfy(l -> assertThat(l).doesNotContainKey("ProductGuid"));
        assertThat(dinero).extracting(l -> l.get("Description")).containsExactly("Servicebesøg", "Fragt");
    }

    @Test
    void aMalformedLineIsReportedBeforeUnlinkedRecords() {
        links.remove("ORGANIZATIONS/" + OESTERGAARD);
        Map<String, Object> crm = raadgivning();
        crm.put("LineItems", List.of(line("1", KAFFE, "Kaffe", "x", "1.00000000", "0.000", "0.00000000", "")));
        assertThatThrownBy(() -> mapping().map(crm)).isInstanceOf(MappingException.class);
    }
}
