package dk.simplydinero.sync;

import dk.simplydinero.organizations.OrganizationMapping;
import dk.simplydinero.organizations.DineroCompanyMapping;
import dk.simplydinero.contacts.ContactMapping;
import dk.simplydinero.contacts.DineroPersonMapping;
import dk.simplydinero.products.ProductMapping;
import dk.simplydinero.products.DineroProductMapping;
import dk.simplydinero.invoices.InvoiceMapping;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.TestRecordTypes;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10.7: a side's fingerprint covers exactly the fields the mapping in force reads from that side. An edit of
 * any other field is no change (so it never makes a conflict); an edit of a field that is read is one.
 */
class FingerprintsTest {

    private static Fingerprints fingerprints(String vatField) {
        SimplyCrmProperties crm = new SimplyCrmProperties();
        crm.setVatField(vatField);
        DineroProperties dinero = new DineroProperties();
        SyncProperties sync = new SyncProperties();
        return new Fingerprints(crm, dinero, sync, new ActiveMapping(sync, crm, null, null,
                TestRecordTypes.of(crm, dinero)));
    }

    private final Fingerprints withVat = fingerprints("cf_853");

    @Test
    void anOrganizationsCrmSideIsItsMappedFieldsAndTheConfiguredVatFieldOnly() {
        Map<String, Object> account = account();
        for (String unmapped : List.of("cf_901", "cf_902", "description", "accounttype", "account_no",
                "modifiedtime", "assigned_user_id")) {
            assertThat(crm(withVat, SyncModule.ORGANIZATIONS, account, unmapped, "edited")).as(unmapped)
                    .isEqualTo(crm(withVat, SyncModule.ORGANIZATIONS, account));
        }
        for (String mapped : List.of("accountname", "bill_street", "bill_code", "bill_city", "bill_country", "phone",
                "email1", "website", "cf_853")) {
            assertThat(crm(withVat, SyncModule.ORGANIZATIONS, account, mapped, "edited")).as(mapped)
                    .isNotEqualTo(crm(withVat, SyncModule.ORGANIZATIONS, account));
        }
        // Without simplycrm.vat-field no custom field is mapped, cf_853 included.
        Fingerprints noVat = fingerprints("");
        assertThat(crm(noVat, SyncModule.ORGANIZATIONS, account, "cf_853", "DK99999999"))
                .isEqualTo(crm(noVat, SyncModule.ORGANIZATIONS, account));
    }

    @Test
    void anInvoicesCrmSideLeavesOutWhatOnlyFlowsFromDinero() {
        Map<String, Object> invoice = crmInvoice();
        String before = crm(withVat, SyncModule.INVOICES, invoice);
        for (String unmapped : List.of("invoicestatus", "received", "balance", "cf_921", "hdnGrandTotal",
                "bill_street", "description")) {
            assertThat(crm(withVat, SyncModule.INVOICES, invoice, unmapped, "9")).as(unmapped).isEqualTo(before);
        }
        // A line's product_name is the product's name as the CRM renders it at each read, not the invoice's own.
        assertThat(crm(withVat, SyncModule.INVOICES, withLine(invoice, "product_name", "Renamed"))).isEqualTo(before);
        assertThat(crm(withVat, SyncModule.INVOICES, withLine(invoice, "tax1", "25"))).isEqualTo(before);
        for (String mapped : List.of("subject", "invoicedate", "duedate", "account_id", "contact_id", "currency_id")) {
            assertThat(crm(withVat, SyncModule.INVOICES, invoice, mapped, "2026-12-24")).as(mapped)
                    .isNotEqualTo(before);
        }
        for (String line : List.of("productid", "quantity", "listprice", "discount_percent", "discount_amount",
                "comment", "sequence_no")) {
            assertThat(crm(withVat, SyncModule.INVOICES, withLine(invoice, line, "7"))).as(line).isNotEqualTo(before);
        }
    }

    @Test
    void aDineroSideIsWhatFlowsToTheCrm() {
        Map<String, Object> person = new HashMap<>(Map.of("ContactGuid", "g1", "Name", "Karen Ærbø",
                "City", "Marstal", "CountryKey", "DK", "IsPerson", true, "ExternalReference", "12x1"));
        for (String unmapped : List.of("Webpage", "VatNumber", "EanNumber", "ExternalReference", "AttPerson",
                "UpdatedAt")) {
            assertThat(dinero(SyncModule.CONTACTS, person, unmapped, "x")).as(unmapped)
                    .isEqualTo(withVat.dinero(SyncModule.CONTACTS, person));
        }
        for (String mapped : List.of("Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email")) {
            assertThat(dinero(SyncModule.CONTACTS, person, mapped, "x")).as(mapped)
                    .isNotEqualTo(withVat.dinero(SyncModule.CONTACTS, person));
        }
        Map<String, Object> company = new HashMap<>(person);
        company.put("IsPerson", false);
        for (String mapped : List.of("Webpage", "VatNumber")) {
            assertThat(dinero(SyncModule.ORGANIZATIONS, company, mapped, "x")).as(mapped)
                    .isNotEqualTo(withVat.dinero(SyncModule.ORGANIZATIONS, company));
        }
        Map<String, Object> product = new HashMap<>(Map.of("ProductGuid", "p1", "Name", "Fiskekasse",
                "BaseAmountValue", 150, "Unit", "parts", "ProductNumber", "1", "Quantity", 1, "AccountNumber", 1000));
        for (String unmapped : List.of("ProductNumber", "Quantity", "AccountNumber", "ExternalReference", "Comment")) {
            assertThat(dinero(SyncModule.PRODUCTS, product, unmapped, "8")).as(unmapped)
                    .isEqualTo(withVat.dinero(SyncModule.PRODUCTS, product));
        }
        for (String mapped : List.of("Name", "BaseAmountValue", "Unit")) {
            assertThat(dinero(SyncModule.PRODUCTS, product, mapped, "8")).as(mapped)
                    .isNotEqualTo(withVat.dinero(SyncModule.PRODUCTS, product));
        }
    }

    @Test
    void aDineroInvoicesSideHasItsStatusMoneyAndLines() {
        Map<String, Object> invoice = dineroInvoice();
        Map<String, Object> payments = Map.of("PaidAmount", 0, "RemainingAmount", 375);
        String before = withVat.dinero(SyncModule.INVOICES, invoice, payments);
        for (String unmapped : List.of("ExternalReference", "Language", "Comment", "ShowLinesInclVat", "UpdatedAt")) {
            Map<String, Object> edited = new HashMap<>(invoice);
            edited.put(unmapped, "x");
            assertThat(withVat.dinero(SyncModule.INVOICES, edited, payments)).as(unmapped).isEqualTo(before);
        }
        for (String mapped : List.of("Description", "Date", "Status", "PaymentStatus", "PaymentDate", "Currency",
                "ContactGuid", "PaymentConditionType", "PaymentConditionNumberOfDays", "Address", "Number",
                "TotalInclVat")) {
            Map<String, Object> edited = new HashMap<>(invoice);
            edited.put(mapped, "9");
            assertThat(withVat.dinero(SyncModule.INVOICES, edited, payments)).as(mapped).isNotEqualTo(before);
        }
        assertThat(withVat.dinero(SyncModule.INVOICES, invoice, Map.of("PaidAmount", 375, "RemainingAmount", 0)))
                .isNotEqualTo(before);
    }

    /**
     * The mapping classes themselves: every field they read from a record (or a line) changes its side's
     * fingerprint, so no edit the mapping would carry over can pass as "unchanged". The one exception is the CRM
     * line's product_name (see above).
     */
    @Test
    void everyFieldTheMappingClassesReadIsInItsSidesFingerprint() {
        SimplyCrmProperties crmSettings = new SimplyCrmProperties();
        crmSettings.setVatField("cf_853");
        crmSettings.setFallbackProduct("17x99");
        DineroProperties dineroSettings = new DineroProperties();
        SyncProperties sync = new SyncProperties();

        everyReadFieldCounts(SyncModule.ORGANIZATIONS, account(),
                r -> new OrganizationMapping(crmSettings).map(r), false);
        everyReadFieldCounts(SyncModule.CONTACTS, new HashMap<>(Map.of("id", "12x1", "firstname", "Karen",
                "lastname", "Ærbø", "mailingcountry", "Denmark", "email", "karen@aeroe.dk")),
                r -> new ContactMapping().map(r), false);
        everyReadFieldCounts(SyncModule.PRODUCTS, new HashMap<>(Map.of("id", "17x1", "productname", "Kasse",
                "unit_price", "150.00000000", "usageunit", "Box")), r -> new ProductMapping(dineroSettings).map(r),
                false);
        InvoiceMapping invoices = new InvoiceMapping(sync, dineroSettings, (module, id) -> Optional.of("guid-" + id),
                id -> Optional.of("DKK"));
        everyReadFieldCounts(SyncModule.INVOICES, crmInvoice(), invoices::map, false);

        everyReadFieldCounts(SyncModule.ORGANIZATIONS, new HashMap<>(Map.of("ContactGuid", "g1", "Name", "Havnens Fisk",
                "CountryKey", "DK", "IsPerson", false)), r -> new DineroCompanyMapping(crmSettings).map(r), true);
        everyReadFieldCounts(SyncModule.CONTACTS, new HashMap<>(Map.of("ContactGuid", "g2", "Name", "Karen Ærbø",
                "CountryKey", "DK", "IsPerson", true)), r -> new DineroPersonMapping().map(r), true);
        everyReadFieldCounts(SyncModule.PRODUCTS, new HashMap<>(Map.of("ProductGuid", "p1", "Name", "Kasse",
                "BaseAmountValue", 150, "Unit", "parts")), r -> new DineroProductMapping().map(r), true);
        DineroInvoiceMapping dineroInvoices = new DineroInvoiceMapping(sync, crmSettings,
                (module, guid) -> Optional.of("11x" + guid.length()), iso -> Optional.of("21x1"));
        everyReadFieldCounts(SyncModule.INVOICES, dineroInvoice(), r -> dineroInvoices.map(r, null), true);
    }

    /** Maps a recording copy of {@code record}, then changes each field read and checks the fingerprint moves. */
    private void everyReadFieldCounts(SyncModule module, Map<String, Object> record,
                                      Consumer<Map<String, Object>> mapping, boolean dineroSide) {
        Set<String> read = new LinkedHashSet<>();
        mapping.accept(recording(record, "", read));
        assertThat(read).as("fields %s reads", module).isNotEmpty();
        String before = dineroSide ? withVat.dinero(module, record) : withVat.crm(module, record);
        for (String field : read) {
            if (List.of("id", "ContactGuid", "ProductGuid", "Guid", "IsPerson").contains(field)
                    || field.equals("LineItems[].product_name")) {
                continue; // the record's own id (fixed), the person flag (the feed reads one kind per module)
            }
            Map<String, Object> edited = edit(record, field);
            String after = dineroSide ? withVat.dinero(module, edited) : withVat.crm(module, edited);
            assertThat(after).as("%s: an edit of %s (read by the mapping)", module, field).isNotEqualTo(before);
        }
    }

    /** A copy that notes each field read; lines (maps in a list) as {@code List[].field}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> recording(Map<String, Object> record, String prefix, Set<String> read) {
        Map<String, Object> copy = new HashMap<>() {
            @Override
            public Object get(Object key) {
                read.add(prefix + key);
                return super.get(key);
            }

            @Override
            public Object getOrDefault(Object key, Object defaultValue) {
                read.add(prefix + key);
                return super.getOrDefault(key, defaultValue);
            }
        };
        record.forEach((k, v) -> {
            if (v instanceof List<?> lines) {
                List<Object> recorded = new ArrayList<>();
                lines.forEach(l -> recorded.add(l instanceof Map<?, ?> m
                        ? recording((Map<String, Object>) m, k + "[].", read) : l));
                copy.put(k, recorded);
            } else {
                copy.put(k, v);
            }
        });
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> edit(Map<String, Object> record, String field) {
        Map<String, Object> copy = new LinkedHashMap<>(record);
        int bracket = field.indexOf("[].");
        if (bracket < 0) {
            copy.put(field, "edited " + copy.get(field));
            return copy;
        }
        String list = field.substring(0, bracket);
        List<Object> lines = new ArrayList<>();
        for (Object line : (List<Object>) record.get(list)) {
            Map<String, Object> l = new LinkedHashMap<>((Map<String, Object>) line);
            l.put(field.substring(bracket + 3), "edited " + l.get(field.substring(bracket + 3)));
            lines.add(l);
        }
        copy.put(list, lines);
        return copy;
    }

    private static Map<String, Object> account() {
        Map<String, Object> a = new HashMap<>();
        a.putAll(Map.of("id", "11x1", "accountname", "Havnens Fisk ApS", "bill_street", "Kajen 4", "bill_code", "6700",
                "bill_city", "Esbjerg", "bill_country", "Denmark", "phone", "75 12 00 00", "email1", "fisk@havn.dk",
                "website", "havn.dk", "cf_853", "DK55667788"));
        a.putAll(Map.of("cf_901", "", "cf_902", "", "description", "", "accounttype", "Customer",
                "account_no", "ACC1", "modifiedtime", "2026-12-01 10:00:00", "assigned_user_id", "19x1"));
        return a;
    }

    private static Map<String, Object> crmInvoice() {
        Map<String, Object> line = new HashMap<>(Map.of("productid", "17x5", "entity_type", "Products",
                "sequence_no", "1", "quantity", "2.000", "listprice", "150.00000000", "discount_amount", "0.00000000",
                "discount_percent", "0.000", "comment", "Kasser", "product_name", "Fiskekasse", "tax1", ""));
        Map<String, Object> invoice = new HashMap<>();
        invoice.putAll(Map.of("id", "9x6", "account_id", "11x1", "contact_id", "", "invoicedate", "2026-11-02",
                "duedate", "2026-11-16", "currency_id", "21x1", "subject", "Fiskekasser november",
                "invoicestatus", "Created", "received", "0.00000000", "balance", "375.00000000"));
        invoice.putAll(Map.of("cf_921", "", "hdnGrandTotal", "375.00000000", "bill_street", "Kajen 4",
                "description", "", "LineItems", List.of(line)));
        return invoice;
    }

    private static Map<String, Object> dineroInvoice() {
        Map<String, Object> line = new HashMap<>(Map.of("ProductGuid", "p1", "Description", "Kasser", "Quantity", 2,
                "BaseAmountValue", 150, "Discount", 0, "AccountNumber", 1000, "Unit", "parts", "LineType", "Product"));
        Map<String, Object> invoice = new HashMap<>();
        invoice.putAll(Map.of("Guid", "i1", "ContactGuid", "g1", "Date", "2026-11-02", "Description", "Fiskekasser",
                "Currency", "DKK", "PaymentConditionType", "Netto", "PaymentConditionNumberOfDays", 14,
                "Status", "Draft", "TotalInclVat", 375, "ProductLines", List.of(line)));
        invoice.putAll(Map.of("Number", 0, "Address", "Kajen 4\n6700 Esbjerg", "ExternalReference", "9x6",
                "Language", "da-DK", "Comment", ""));
        return invoice;
    }

    /**
     * Issue 13: what our write is expected to leave in Dinero covers the read fields we sent (and a draft's status):
     * Dinero's record holding them is our echo, whatever Dinero filled in beside them; any covered field (a line's
     * too) or a booking that differs is a change.
     */
    @Test
    void anExpectedDineroSideCoversWhatWasSentAndADraftsStatus() {
        Map<String, Object> sent = dineroInvoice();
        for (String filledInByDinero : List.of("Status", "Number", "TotalInclVat", "Address", "PaymentDate",
                "PaymentStatus", "PaymentConditionType", "PaymentConditionNumberOfDays")) {
            sent.remove(filledInByDinero);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> sentLine = new HashMap<>(((List<Map<String, Object>>) sent.get("ProductLines")).get(0));
        sentLine.remove("LineType");
        sent.put("ProductLines", List.of(sentLine));
        String expected = withVat.expected(SyncModule.INVOICES, sent, Map.of("Status", "Draft"));

        assertThat(Fingerprints.isExpected(expected)).isTrue();
        assertThat(expected).hasSize(64);
        Map<String, Object> held = dineroInvoice(); // with Dinero's terms, number, totals, address and line type
        assertThat(withVat.echoes(SyncModule.INVOICES, expected, held, null)).isTrue();
        assertThat(withVat.echoes(SyncModule.INVOICES, expected, withDineroLine(held, "LineType", "Text"), null))
                .as("a line field we did not send").isTrue();
        for (String field : List.of("Description", "Date", "ContactGuid", "Currency")) {
            Map<String, Object> edited = new HashMap<>(held);
            edited.put(field, "2026-12-24");
            assertThat(withVat.echoes(SyncModule.INVOICES, expected, edited, null)).as(field).isFalse();
        }
        Map<String, Object> booked = new HashMap<>(held);
        booked.put("Status", "Booked");
        assertThat(withVat.echoes(SyncModule.INVOICES, expected, booked, null)).as("booked").isFalse();
        assertThat(withVat.echoes(SyncModule.INVOICES, expected, held, Map.of("PaidAmount", 10, "RemainingAmount", 1)))
                .as("paid").isFalse();
        assertThat(withVat.echoes(SyncModule.INVOICES, expected, withDineroLine(held, "Quantity", 3), null))
                .as("a line's quantity").isFalse();
        // A Dinero side as seen is no expectation.
        assertThat(withVat.echoes(SyncModule.INVOICES, withVat.dinero(SyncModule.INVOICES, held), held, null))
                .isFalse();
    }

    private static Map<String, Object> withDineroLine(Map<String, Object> invoice, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(invoice);
        @SuppressWarnings("unchecked")
        Map<String, Object> line = new HashMap<>(((List<Map<String, Object>>) invoice.get("ProductLines")).get(0));
        line.put(field, value);
        copy.put("ProductLines", List.of(line));
        return copy;
    }

    private static Map<String, Object> withLine(Map<String, Object> invoice, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(invoice);
        @SuppressWarnings("unchecked")
        Map<String, Object> line = new HashMap<>(((List<Map<String, Object>>) invoice.get("LineItems")).get(0));
        line.put(field, value);
        copy.put("LineItems", List.of(line));
        return copy;
    }

    private static String crm(Fingerprints f, SyncModule module, Map<String, Object> record) {
        return f.crm(module, record);
    }

    private static String crm(Fingerprints f, SyncModule module, Map<String, Object> record, String field,
                              Object value) {
        Map<String, Object> copy = new HashMap<>(record);
        copy.put(field, value);
        return f.crm(module, copy);
    }

    private String dinero(SyncModule module, Map<String, Object> record, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(record);
        copy.put(field, value);
        return withVat.dinero(module, copy);
    }
}
