package dk.simplydinero.invoices;

import dk.simplydinero.mapping.CrmLinkLookup;
import dk.simplydinero.mapping.CrmCurrencyLookup;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException;
import dk.simplydinero.mapping.DineroMappingException;
import dk.simplydinero.config.SyncProperties.InvoiceContact;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.CrmLinkLookup.CrmCustomer;
import dk.simplydinero.mapping.UnlinkedDineroDependencyException.Dependency;
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

public class DineroInvoiceMappingTest {

    public static final String INVOICE = "626911cd-0000-4000-8000-000000000001";
    public static final String TRAE = "c0ffee00-0000-4000-8000-0000000000a1";
    public static final String BOERGE = "c0ffee00-0000-4000-8000-0000000000b1";
    public static final String KONSULENT = "9a000000-0000-4000-8000-000000000001";
    public static final String PLANKE = "9a000000-0000-4000-8000-000000000002";
    public static final String MONTERING = "9a000000-0000-4000-8000-000000000003";

    /** Links as the link table would answer, by module and Dinero id; tests remove entries to unlink. */
    final Map<String, String> links = new HashMap<>(Map.of(
            "ORGANIZATIONS/" + TRAE, "11x3",
            "CONTACTS/" + BOERGE, "12x16",
            "PRODUCTS/" + KONSULENT, "14x1",
            "PRODUCTS/" + PLANKE, "14x2",
            "PRODUCTS/" + MONTERING, "14x3"));
    final Map<String, CrmCustomer> customers = new HashMap<>();
    final CrmLinkLookup lookup = new CrmLinkLookup() {
        @Override
        public Optional<String> crmId(SyncModule module, String dineroId) {
            return Optional.ofNullable(links.get(module.name() + "/" + dineroId));
        }

        @Override
        public Optional<CrmCustomer> customer(SyncModule module, String crmId) {
            return Optional.ofNullable(customers.get(crmId));
        }
    };
    final CrmCurrencyLookup currencies = iso -> Optional.ofNullable(Map.of("DKK", "21x1", "EUR", "21x2").get(iso));

    DineroInvoiceMapping mapping(InvoiceContact invoiceContact, String fallbackProduct) {
        SyncProperties sync = new SyncProperties();
        sync.setInvoiceContact(invoiceContact);
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setFallbackProduct(fallbackProduct);
        return new DineroInvoiceMapping(sync, crm, lookup, currencies);
    }

    public DineroInvoiceMapping mapping() {
        return mapping(InvoiceContact.ORGANIZATIONS, "");
    }

    public static Map<String, Object> line(String product, String description, String qty, String price, String discount) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("ProductGuid", product);
        l.put("Description", description);
        l.put("Comments", "");
        l.put("Quantity", new BigDecimal(qty));
        l.put("AccountNumber", 1000);
        l.put("Unit", "parts");
        l.put("Discount", new BigDecimal(discount));
        l.put("LineType", "Product");
        l.put("BaseAmountValue", new BigDecimal(price));
        return l;
    }

    public static Map<String, Object> textLine(String description) {
        Map<String, Object> l = line(null, description, "0", "0", "0");
        l.put("LineType", "Text");
        return l;
    }

    /** A booked invoice as GET invoices/{guid} returns it (the simulator's demo "Tømrerarbejde, Østergade"). */
    public static Map<String, Object> toemrer() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Guid", INVOICE);
        d.put("TimeStamp", "00000000000A1B2C");
        d.put("Number", 17L);
        d.put("Status", "Booked");
        d.put("PaymentStatus", "Booked");
        d.put("ContactGuid", TRAE);
        d.put("ContactName", "Nordisk Træ & Tømrer ApS");
        d.put("Date", "2026-10-19");
        d.put("PaymentDate", "2026-11-02");
        d.put("Description", "Tømrerarbejde, Østergade");
        d.put("Comment", "");
        d.put("ExternalReference", null);
        d.put("Currency", "DKK");
        d.put("Language", "da-DK");
        d.put("PaymentConditionType", "Netto");
        d.put("PaymentConditionNumberOfDays", 14);
        d.put("Address", "");
        List<Map<String, Object>> lines = new ArrayList<>();
        lines.add(line(KONSULENT, "Opmåling og tilbud", "3", "950", "0"));
        lines.add(line(PLANKE, "Egetræsplanker", "42.5", "189.95", "10"));
        lines.add(line(MONTERING, "Montering", "6", "650", "0"));
        d.put("ProductLines", lines);
        d.put("TotalExclVat", new BigDecimal("14015.34"));
        d.put("TotalVat", new BigDecimal("3503.84"));
        d.put("TotalInclVat", new BigDecimal("17519.18"));
        d.put("MailOutStatus", "NotSent");
        d.put("CreatedAt", "2026-10-19T08:15:29.55");
        d.put("UpdatedAt", "2026-10-19T08:15:30.43");
        d.put("DeletedAt", null);
        return d;
    }

    public static Map<String, Object> payments(Object paid, Object remaining, Object... amounts) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Object amount : amounts) {
            list.add(Map.of("Guid", "p-" + list.size(), "PaymentDate", "2026-10-29", "Description", "Indbetaling",
                    "Amount", amount));
        }
        p.put("Payments", list);
        p.put("PaidAmount", paid);
        p.put("RemainingAmount", remaining);
        return p;
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> lineItems(Map<String, Object> crm) {
        return (List<Map<String, Object>>) crm.get("LineItems");
    }

    @Test
    void everyFieldOfAnInvoiceIsMapped() {
        Map<String, Object> crm = mapping().map(toemrer(), payments(new BigDecimal("1000"), new BigDecimal("16519.18"),
                new BigDecimal("1000")));
        assertThat(crm).containsExactly(
                entry("subject", "Tømrerarbejde, Østergade"),
                entry("account_id", "11x3"),
                entry("invoicedate", "2026-10-19"),
                entry("duedate", "2026-11-02"),
                entry("currency_id", "21x1"),
                entry("invoicestatus", "Approved"),
                entry("received", "1000"),
                entry("balance", "16519.18"),
                entry("bill_street", "-"),
                entry("ship_street", "-"),
                entry("hdnTaxType", "group"),
                entry("productid", "14x1"),
                entry("LineItems", lineItems(crm)));
        assertThat(lineItems(crm)).containsExactly(
                Map.of("productid", "14x1", "sequence_no", "1", "quantity", "3", "listprice", "950",
                        "discount_percent", "0", "comment", "Opmåling og tilbud", "tax1", "25"),
                Map.of("productid", "14x2", "sequence_no", "2", "quantity", "42.5", "listprice", "189.95",
                        "discount_percent", "10", "comment", "Egetræsplanker"),
                Map.of("productid", "14x3", "sequence_no", "3", "quantity", "6", "listprice", "650",
                        "discount_percent", "0", "comment", "Montering"));
    }

    @Test
    void noValueIsNullAndEveryValueIsCrmText() {
        Map<String, Object> crm = mapping().map(toemrer());
        assertThat(crm.values()).doesNotContainNull();
        crm.forEach((k, v) -> {
            if (!k.equals("LineItems")) {
                assertThat(v).as(k).isInstanceOf(String.class);
            }
        });
        lineItems(crm).forEach(l -> assertThat(l.values()).doesNotContainNull().allMatch(v -> v instanceof String));
    }

    // ---------------------------------------------------------------------------------------- customer

    @Test
    void theCustomerIsAnOrganizationWhenOrganizationsHavePriority() {
        assertThat(mapping(InvoiceContact.ORGANIZATIONS, "").map(toemrer()))
                .containsEntry("account_id", "11x3").doesNotContainKey("contact_id");
    }

    @Test
    void theCustomerIsAContactWhenContactsHavePriority() {
        links.put("CONTACTS/" + TRAE, "12x40");
        customers.put("12x40", new CrmCustomer("11x3", "", "", "", ""));
        assertThat(mapping(InvoiceContact.CONTACTS, "").map(toemrer()))
                .containsEntry("contact_id", "12x40").containsEntry("account_id", "11x3");
    }

    @Test
    void aContactCustomerWithoutKnownOrganizationHasNoAccountId() {
        Map<String, Object> d = toemrer();
        d.put("ContactGuid", BOERGE);
        assertThat(mapping(InvoiceContact.CONTACTS, "").map(d))
                .containsEntry("contact_id", "12x16").doesNotContainKey("account_id");
    }

    @Test
    void aCustomerLinkedInTheOtherModuleOnlyIsUsed() {
        Map<String, Object> person = toemrer();
        person.put("ContactGuid", BOERGE);
        assertThat(mapping(InvoiceContact.ORGANIZATIONS, "").map(person))
                .containsEntry("contact_id", "12x16").doesNotContainKey("account_id");
        assertThat(mapping(InvoiceContact.CONTACTS, "").map(toemrer()))
                .containsEntry("account_id", "11x3").doesNotContainKey("contact_id");
    }

    @Test
    void anInvoiceWithoutCustomerIsRefused() {
        Map<String, Object> d = toemrer();
        d.put("ContactGuid", null);
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> {
                    assertThat(e.getDineroId()).isEqualTo(INVOICE);
                    assertThat(e.getField()).isEqualTo("ContactGuid");
                })
                .hasMessageContaining(INVOICE);
    }

    // ------------------------------------------------------------------------------------ address

    @Test
    void theAddressComesFromTheCustomerWhenTheLookupKnowsIt() {
        customers.put("11x3", new CrmCustomer("", "Østergade 12", "8000", "Aarhus C", "Denmark"));
        Map<String, Object> d = toemrer();
        d.put("Address", "Nordisk Træ & Tømrer ApS\nØstergade 12\n8000 Aarhus C");
        assertThat(mapping().map(d)).contains(
                entry("bill_street", "Østergade 12"), entry("bill_code", "8000"), entry("bill_city", "Aarhus C"),
                entry("bill_country", "Denmark"), entry("ship_street", "Østergade 12"), entry("ship_code", "8000"),
                entry("ship_city", "Aarhus C"), entry("ship_country", "Denmark"));
    }

    @Test
    void theInvoiceAddressIsTheStreetWhenTheCustomerHasNone() {
        customers.put("11x3", new CrmCustomer("", "", "8000", "Aarhus C", "Denmark"));
        Map<String, Object> d = toemrer();
        d.put("Address", " Nordisk Træ & Tømrer ApS\nØstergade 12\n8000 Aarhus C ");
        Map<String, Object> crm = mapping().map(d);
        assertThat(crm).containsEntry("bill_street", "Nordisk Træ & Tømrer ApS\nØstergade 12\n8000 Aarhus C")
                .containsEntry("ship_street", "Nordisk Træ & Tømrer ApS\nØstergade 12\n8000 Aarhus C")
                .doesNotContainKeys("bill_city", "bill_code", "bill_country");
    }

    @Test
    void aPlaceholderStreetWhenNothingGivesAnAddress() {
        Map<String, Object> d = toemrer();
        d.put("Address", null);
        assertThat(mapping().map(d)).containsEntry("bill_street", "-").containsEntry("ship_street", "-");
    }

    // ------------------------------------------------------------------------------ dates, subject, currency

    @Test
    void theDueDateIsComputedWhenPaymentDateIsMissing() {
        Map<String, Object> d = toemrer();
        d.remove("PaymentDate");
        assertThat(mapping().map(d)).containsEntry("duedate", "2026-11-02");
        d.put("PaymentDate", "");
        d.put("PaymentConditionNumberOfDays", 8);
        assertThat(mapping().map(d)).containsEntry("duedate", "2026-10-27");
        d.put("PaymentConditionType", "CurrentMonthOut");
        assertThat(mapping().map(d)).containsEntry("duedate", "2026-11-08");
        d.put("PaymentConditionType", "NettoCash");
        d.put("PaymentConditionNumberOfDays", null);
        assertThat(mapping().map(d)).containsEntry("duedate", "2026-10-19");
    }

    @Test
    void withoutDatesNoDatesAreWritten() {
        Map<String, Object> d = toemrer();
        d.put("Date", null);
        d.put("PaymentDate", null);
        assertThat(mapping().map(d)).doesNotContainKeys("invoicedate", "duedate");
    }

    @Test
    void aDateTimeCountsByItsDateAndAMalformedDateIsRefused() {
        Map<String, Object> d = toemrer();
        d.put("PaymentDate", "2026-11-02T00:00:00");
        assertThat(mapping().map(d)).containsEntry("duedate", "2026-11-02");
        d.put("Date", "19-10-2026");
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("Date"))
                .hasMessageContaining("19-10-2026");
    }

    @Test
    void anEmptyDescriptionGivesASubjectWithTheNumber() {
        Map<String, Object> d = toemrer();
        d.put("Description", "");
        assertThat(mapping().map(d)).containsEntry("subject", "Faktura 17");
    }

    @Test
    void aDraftWithoutDescriptionIsRefusedNamingTheField() {
        Map<String, Object> d = toemrer();
        d.put("Description", "");
        d.put("Number", Long.MAX_VALUE);
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("Description"))
                .hasMessageContaining("field 'Description' is empty and the draft has no number yet")
                .hasMessageContaining("subject");
        d.put("Number", null);
        d.put("Description", null);
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("Description"));
    }

    @Test
    void theCurrencyIsTheCrmCurrencyRecord() {
        Map<String, Object> d = toemrer();
        d.put("Currency", "eur");
        assertThat(mapping().map(d)).containsEntry("currency_id", "21x2");
        d.put("Currency", null);
        assertThat(mapping().map(d)).containsEntry("currency_id", "21x1");
    }

    @Test
    void aCurrencyTheCrmDoesNotHaveIsRefused() {
        Map<String, Object> d = toemrer();
        d.put("Currency", "SEK");
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("Currency"))
                .hasMessageContaining("SEK").hasMessageContaining(INVOICE);
    }

    // ------------------------------------------------------------------------------------------- status

    @ParameterizedTest
    @CsvSource({"Draft,Draft,Created", "Booked,Booked,Approved", "Booked,Overdue,Approved", "Booked,Paid,Paid",
            "Booked,OverPaid,Paid"})
    void thePaymentStatusDecides(String status, String paymentStatus, String crmStatus) {
        Map<String, Object> d = toemrer();
        d.put("Status", status);
        d.put("PaymentStatus", paymentStatus);
        assertThat(mapping().map(d)).containsEntry("invoicestatus", crmStatus);
    }

    @ParameterizedTest
    @CsvSource({"Draft,Created", "Booked,Approved", "Overdue,Approved", "Paid,Paid", "OverPaid,Paid", "overpaid,Paid"})
    void withoutPaymentStatusTheStatusDecidesAsInLists(String status, String crmStatus) {
        Map<String, Object> d = toemrer();
        d.remove("PaymentStatus");
        d.put("Status", status);
        assertThat(mapping().map(d)).containsEntry("invoicestatus", crmStatus);
        d.put("PaymentStatus", "");
        assertThat(mapping().map(d)).containsEntry("invoicestatus", crmStatus);
    }

    @Test
    void anUnknownOrMissingStateIsRefused() {
        Map<String, Object> d = toemrer();
        d.put("PaymentStatus", "Krediteret");
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("PaymentStatus"))
                .hasMessageContaining("Krediteret");
        d.remove("PaymentStatus");
        d.put("Status", null);
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> assertThat(e.getField()).isEqualTo("Status"));
    }

    // -------------------------------------------------------------------------------------------- money

    @Test
    void aPaidInvoiceHasNoBalance() {
        Map<String, Object> d = toemrer();
        d.put("PaymentStatus", "Paid");
        Map<String, Object> crm = mapping().map(d, payments(new BigDecimal("17519.18"), 0, new BigDecimal("17519.18")));
        assertThat(crm).containsEntry("invoicestatus", "Paid").containsEntry("received", "17519.18")
                .containsEntry("balance", "0");
    }

    @Test
    void aPartlyPaidInvoiceCarriesWhatIsLeft() {
        Map<String, Object> crm = mapping().map(toemrer(),
                payments(new BigDecimal("1500.50"), new BigDecimal("16018.68"), 1000, new BigDecimal("500.50")));
        assertThat(crm).containsEntry("invoicestatus", "Approved").containsEntry("received", "1500.5")
                .containsEntry("balance", "16018.68");
    }

    @Test
    void anOverPaidInvoiceHasANegativeBalance() {
        Map<String, Object> d = toemrer();
        d.put("PaymentStatus", "OverPaid");
        Map<String, Object> crm = mapping().map(d,
                payments(new BigDecimal("17769.18"), new BigDecimal("-250.00"), new BigDecimal("17769.18")));
        assertThat(crm).containsEntry("invoicestatus", "Paid").containsEntry("received", "17769.18")
                .containsEntry("balance", "-250");
    }

    @Test
    void withoutPaymentsNothingIsReceivedAndTheTotalIsOwed() {
        Map<String, Object> crm = mapping().map(toemrer());
        assertThat(crm).containsEntry("received", "0").containsEntry("balance", "17519.18");
        assertThat(mapping().map(toemrer(), null)).isEqualTo(crm);
        assertThat(mapping().map(toemrer(), payments(0, new BigDecimal("17519.18"))))
                .containsEntry("received", "0").containsEntry("balance", "17519.18");
    }

    @Test
    void missingAmountsInThePaymentsAnswerAreComputed() {
        Map<String, Object> crm = mapping().map(toemrer(), payments(null, null, 1000, "519.18"));
        assertThat(crm).containsEntry("received", "1519.18").containsEntry("balance", "16000");
    }

    @Test
    void withoutTotalAndPaymentsNoBalanceIsWritten() {
        Map<String, Object> d = toemrer();
        d.remove("TotalInclVat");
        assertThat(mapping().map(d)).containsEntry("received", "0").doesNotContainKey("balance");
    }

    @Test
    void aMalformedAmountIsRefusedNamingTheField() {
        assertThatThrownBy(() -> mapping().map(toemrer(), payments("tusind kroner", 0)))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> {
                    assertThat(e.getDineroId()).isEqualTo(INVOICE);
                    assertThat(e.getField()).isEqualTo("payments.PaidAmount");
                })
                .hasMessageContaining("tusind kroner");
        assertThatThrownBy(() -> mapping().map(toemrer(), payments(null, null, "mange")))
                .isInstanceOfSatisfying(DineroMappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("payments.Payments[1].Amount"));
        Map<String, Object> d = toemrer();
        d.put("TotalInclVat", "n/a");
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("TotalInclVat"));
    }

    // -------------------------------------------------------------------------------------------- lines

    @Test
    void aLinkedProductIsTheLinesProductAndTheParentProductIsTheFirstLines() {
        Map<String, Object> d = toemrer();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) d.get("ProductLines");
        lines.add(0, line(MONTERING, "Montering på stedet", "2", "650", "0"));
        Map<String, Object> crm = mapping().map(d);
        assertThat(crm).containsEntry("productid", "14x3");
        assertThat(lineItems(crm)).extracting(l -> l.get("productid")).containsExactly("14x3", "14x1", "14x2", "14x3");
        assertThat(lineItems(crm)).extracting(l -> l.get("sequence_no")).containsExactly("1", "2", "3", "4");
    }

    @Test
    void anUnlinkedProductUsesTheFallbackProduct() {
        links.remove("PRODUCTS/" + PLANKE);
        Map<String, Object> d = toemrer();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) d.get("ProductLines");
        lines.add(line(null, "Kørsel Aarhus–Østergade", "52", "3.79", "0"));
        Map<String, Object> crm = mapping(InvoiceContact.ORGANIZATIONS, "14x99").map(d);
        assertThat(lineItems(crm)).extracting(l -> l.get("productid")).containsExactly("14x1", "14x99", "14x3", "14x99");
        assertThat(lineItems(crm).get(3)).containsEntry("comment", "Kørsel Aarhus–Østergade")
                .containsEntry("quantity", "52").containsEntry("listprice", "3.79");
    }

    @Test
    void withNeitherLinkNorFallbackEverythingMissingIsListed() {
        links.remove("ORGANIZATIONS/" + TRAE);
        links.remove("PRODUCTS/" + PLANKE);
        links.remove("PRODUCTS/" + MONTERING);
        Map<String, Object> d = toemrer();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) d.get("ProductLines");
        lines.add(line(PLANKE, "Flere planker", "10", "189.95", "0"));
        lines.add(line("", "Kørsel", "52", "3.79", "0"));

        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(UnlinkedDineroDependencyException.class, e -> {
                    assertThat(e.getDineroId()).isEqualTo(INVOICE);
                    assertThat(e.getMissing()).containsExactly(
                            new Dependency(SyncModule.ORGANIZATIONS, TRAE),
                            new Dependency(SyncModule.PRODUCTS, PLANKE),
                            new Dependency(SyncModule.PRODUCTS, MONTERING));
                    assertThat(e.getMissingByModule()).containsExactly(
                            entry(SyncModule.ORGANIZATIONS, List.of(TRAE)),
                            entry(SyncModule.PRODUCTS, List.of(PLANKE, MONTERING)));
                    assertThat(e.getLinesWithoutProduct()).containsExactly(2, 3, 4, 5);
                    assertThat(e.isFallbackProductNeeded()).isTrue();
                })
                .hasMessageContaining(INVOICE).hasMessageContaining("organizations " + TRAE)
                .hasMessageContaining("products " + PLANKE + ", " + MONTERING)
                .hasMessageContaining("Lines 2, 3, 4, 5").hasMessageContaining("simplycrm.fallback-product");
    }

    @Test
    void anUnlinkedCustomerAloneNeedsNoFallback() {
        links.remove("ORGANIZATIONS/" + TRAE);
        assertThatThrownBy(() -> mapping(InvoiceContact.ORGANIZATIONS, "14x99").map(toemrer()))
                .isInstanceOfSatisfying(UnlinkedDineroDependencyException.class, e -> {
                    assertThat(e.getMissing()).containsExactly(new Dependency(SyncModule.ORGANIZATIONS, TRAE));
                    assertThat(e.isFallbackProductNeeded()).isFalse();
                })
                .hasMessageNotContaining("fallback");
    }

    @Test
    void textLinesAreAddedToTheCommentOfTheProductLineBefore() {
        Map<String, Object> d = toemrer();
        List<Map<String, Object>> lines = new ArrayList<>();
        lines.add(textLine("Tilbud nr. 42"));
        lines.add(line(KONSULENT, "Workshop, forberedelse og afholdelse", "7.5", "950", "0"));
        lines.add(textLine("Inkl. materialer og forplejning"));
        lines.add(textLine(""));
        lines.add(line(MONTERING, "", "1", "650", "0"));
        lines.add(textLine("Kørsel følger"));
        d.put("ProductLines", lines);
        Map<String, Object> crm = mapping().map(d);
        assertThat(lineItems(crm)).extracting(l -> l.get("comment")).containsExactly(
                "Tilbud nr. 42\nWorkshop, forberedelse og afholdelse\nInkl. materialer og forplejning",
                "Kørsel følger");
        assertThat(lineItems(crm)).extracting(l -> l.get("sequence_no")).containsExactly("1", "2");
    }

    @Test
    void anInvoiceWithoutProductLinesIsRefused() {
        for (Object lines : new Object[]{List.of(), null, List.of(textLine("Kun tekst"))}) {
            Map<String, Object> d = toemrer();
            d.put("ProductLines", lines);
            assertThatThrownBy(() -> mapping().map(d))
                    .isInstanceOfSatisfying(DineroMappingException.class,
                            e -> assertThat(e.getField()).isEqualTo("ProductLines"))
                    .hasMessageContaining(INVOICE);
        }
    }

    @Test
    void aMissingDiscountIsZeroAndMalformedLineValuesAreRefused() {
        Map<String, Object> d = toemrer();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> lines = (List<Map<String, Object>>) d.get("ProductLines");
        lines.get(0).put("Discount", null);
        assertThat(lineItems(mapping().map(d)).get(0)).containsEntry("discount_percent", "0");

        lines.get(1).put("Quantity", "fire");
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class, e -> {
                    assertThat(e.getDineroId()).isEqualTo(INVOICE);
                    assertThat(e.getField()).isEqualTo("ProductLines[2].Quantity");
                })
                .hasMessageContaining("fire");
        lines.get(1).put("Quantity", 4);
        lines.get(2).remove("BaseAmountValue");
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("ProductLines[3].BaseAmountValue"));
        d.put("ProductLines", List.of("Montering"));
        assertThatThrownBy(() -> mapping().map(d))
                .isInstanceOfSatisfying(DineroMappingException.class,
                        e -> assertThat(e.getField()).isEqualTo("ProductLines[1]"));
    }
}
