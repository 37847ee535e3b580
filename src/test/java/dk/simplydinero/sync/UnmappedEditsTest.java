package dk.simplydinero.sync;

import dk.simplydinero.api.ApiClient;
import dk.simplydinero.sandbox.dinero.DineroSimulator;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10.7: in {@code sync.direction=both}, an edit of a field the mapping does not read from that side is no
 * change of the record. With it and an edit of the same record on the other side, only the other side changed: its
 * edit is copied over, whatever {@code sync.priority} says, and the edit of the unmapped field stays where it was.
 */
class UnmappedEditsTest {

    private final SimulatedSides sides = new SimulatedSides();

    @AfterEach
    void stop() {
        sides.close();
    }

    /**
     * CRM edits of unmapped fields (a custom field that is not the VAT field; an invoice's status, which only flows
     * from Dinero, and a custom field) plus Dinero edits of the same records: crm-first must not undo Dinero's edits.
     */
    @Test
    void crmFirstDoesNotUndoDineroEditsForCrmEditsOfUnmappedFields() {
        String org = sides.crm.put("Accounts", Map.of("accountname", "Havnens Fisk ApS", "bill_street", "Kajen 4",
                "bill_code", "6700", "bill_city", "Esbjerg", "bill_country", "Denmark", "cf_853", "DK55667788",
                "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Fiskekasse", "unit_price", "150",
                "usageunit", "Box", "assigned_user_id", ""));
        String invoice = sides.crm.put("Invoice", Map.of("subject", "Fiskekasser november", "account_id", org,
                        "invoicedate", "2026-11-02", "duedate", "2026-11-16",
                        "currency_id", sides.crm.currencyId("DKK"), "bill_street", "Kajen 4", "ship_street", "Kajen 4",
                        "hdnTaxType", "group", "invoicestatus", "Created", "assigned_user_id", ""),
                List.of(Map.of("productid", product, "quantity", "2", "listprice", "150", "comment", "Kasser")));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=both",
                "--sync.priority=crm-first", "--sync.modules=organizations,products,invoices")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            String orgGuid = onlyLive(DineroSimulator.CONTACTS).get("ContactGuid").toString();
            String productGuid = onlyLive(DineroSimulator.PRODUCTS).get("ProductGuid").toString();
            String invoiceGuid = onlyLive(DineroSimulator.INVOICES).get("Guid").toString();

            // The CRM edits fields the CRM → Dinero mapping does not read; Dinero edits mapped fields of the same
            // records.
            sides.crm.change(org, Map.of("cf_902", "5790001234567"));
            sides.crm.change(product, Map.of("cf_910", "FK-7"));
            sides.crm.change(invoice, Map.of("invoicestatus", "Sent", "cf_921", "1042"));
            sides.dinero.updateRecord(DineroSimulator.CONTACTS, orgGuid, Map.of("City", "Odense C", "ZipCode", "5000"));
            sides.dinero.updateRecord(DineroSimulator.PRODUCTS, productGuid, Map.of("Name", "Fiskekasse, stor",
                    "BaseAmountValue", 175));
            sides.dinero.updateRecord(DineroSimulator.INVOICES, invoiceGuid,
                    Map.of("Description", "Fiskekasser november, rettet"));

            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            SoftAssertions soft = new SoftAssertions();
            // Dinero's edits arrived in the CRM, field by field; the unmapped CRM fields keep their edits.
            Map<String, Object> crmOrg = sides.crm.get(org);
            soft.assertThat(crmOrg.get("bill_city")).isEqualTo("Odense C");
            soft.assertThat(crmOrg.get("bill_code")).isEqualTo("5000");
            soft.assertThat(crmOrg.get("bill_street")).isEqualTo("Kajen 4");
            soft.assertThat(crmOrg.get("accountname")).isEqualTo("Havnens Fisk ApS");
            soft.assertThat(crmOrg.get("cf_853")).isEqualTo("DK55667788");
            soft.assertThat(crmOrg.get("cf_902")).isEqualTo("5790001234567");
            Map<String, Object> crmProduct = sides.crm.get(product);
            soft.assertThat(crmProduct.get("productname")).isEqualTo("Fiskekasse, stor");
            soft.assertThat(new BigDecimal(crmProduct.get("unit_price").toString())).isEqualByComparingTo("175");
            soft.assertThat(crmProduct.get("cf_910")).isEqualTo("FK-7");
            Map<String, Object> crmInvoice = sides.crm.get(invoice);
            soft.assertThat(crmInvoice.get("subject")).isEqualTo("Fiskekasser november, rettet");
            soft.assertThat(crmInvoice.get("cf_921")).isEqualTo("1042");
            // The status flows from Dinero: the draft is "Created" again.
            soft.assertThat(crmInvoice.get("invoicestatus")).isEqualTo("Created");
            // Dinero still holds its edits.
            Map<String, Object> dineroOrg = sides.dinero.getRecord(DineroSimulator.CONTACTS, orgGuid);
            soft.assertThat(dineroOrg.get("City")).isEqualTo("Odense C");
            soft.assertThat(dineroOrg.get("ZipCode")).isEqualTo("5000");
            Map<String, Object> dineroProduct = sides.dinero.getRecord(DineroSimulator.PRODUCTS, productGuid);
            soft.assertThat(dineroProduct.get("Name")).isEqualTo("Fiskekasse, stor");
            soft.assertThat(new BigDecimal(dineroProduct.get("BaseAmountValue").toString()))
                    .isEqualByComparingTo("175");
            soft.assertThat(sides.dinero.getRecord(DineroSimulator.INVOICES, invoiceGuid).get("Description"))
                    .isEqualTo("Fiskekasser november, rettet");
            soft.assertAll();

            // Our own writes come back in the feeds as echoes: a further run writes nothing.
            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> third = SimulatedSides.runSync(api);
            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
            assertThat(sides.crmWrites()).isZero();
        }
    }

    /**
     * The mirror: Dinero edits fields the Dinero → CRM mapping does not read (a person's web page, a product's
     * quantity, which the CRM → Dinero mapping sets) plus CRM edits of the same records: dinero-first must not undo
     * the CRM's.
     */
    @Test
    void dineroFirstDoesNotUndoCrmEditsForDineroEditsOfUnmappedFields() {
        String person = sides.crm.put("Contacts", Map.of("firstname", "Karen", "lastname", "Ærbø",
                "email", "karen@aeroe.dk", "mailingcity", "Ærøskøbing", "mailingcountry", "Denmark",
                "assigned_user_id", ""));
        String product = sides.crm.put("Products", Map.of("productname", "Fiskekasse", "unit_price", "150",
                "usageunit", "Box", "assigned_user_id", ""));
        try (ConfigurableApplicationContext service = sides.startService("--sync.direction=both",
                "--sync.priority=dinero-first", "--sync.modules=contacts,products")) {
            ApiClient api = SimulatedSides.api(service);
            Map<String, Object> first = SimulatedSides.runSync(api);
            assertThat(first.get("status")).as(String.valueOf(first)).isEqualTo("succeeded");
            String personGuid = onlyLive(DineroSimulator.CONTACTS).get("ContactGuid").toString();
            String productGuid = onlyLive(DineroSimulator.PRODUCTS).get("ProductGuid").toString();

            sides.dinero.updateRecord(DineroSimulator.CONTACTS, personGuid, Map.of("Webpage", "https://aeroe.dk"));
            sides.dinero.updateRecord(DineroSimulator.PRODUCTS, productGuid, Map.of("Quantity", 3));
            sides.crm.change(person, Map.of("mailingcity", "Marstal", "phone", "+45 62 53 10 10"));
            sides.crm.change(product, Map.of("unit_price", "175", "productname", "Fiskekasse, stor"));

            Map<String, Object> second = SimulatedSides.runSync(api);

            assertThat(second.get("status")).as(String.valueOf(second)).isEqualTo("succeeded");
            SoftAssertions soft = new SoftAssertions();
            // The CRM's edits arrived in Dinero and the CRM still holds them.
            Map<String, Object> dineroPerson = sides.dinero.getRecord(DineroSimulator.CONTACTS, personGuid);
            soft.assertThat(dineroPerson.get("City")).isEqualTo("Marstal");
            soft.assertThat(dineroPerson.get("Phone")).isEqualTo("+45 62 53 10 10");
            soft.assertThat(dineroPerson.get("Name")).isEqualTo("Karen Ærbø");
            soft.assertThat(dineroPerson.get("Webpage")).isEqualTo("https://aeroe.dk");
            Map<String, Object> dineroProduct = sides.dinero.getRecord(DineroSimulator.PRODUCTS, productGuid);
            soft.assertThat(dineroProduct.get("Name")).isEqualTo("Fiskekasse, stor");
            soft.assertThat(new BigDecimal(dineroProduct.get("BaseAmountValue").toString()))
                    .isEqualByComparingTo("175");
            Map<String, Object> crmPerson = sides.crm.get(person);
            soft.assertThat(crmPerson.get("mailingcity")).isEqualTo("Marstal");
            soft.assertThat(crmPerson.get("phone")).isEqualTo("+45 62 53 10 10");
            Map<String, Object> crmProduct = sides.crm.get(product);
            soft.assertThat(crmProduct.get("productname")).isEqualTo("Fiskekasse, stor");
            soft.assertThat(new BigDecimal(crmProduct.get("unit_price").toString())).isEqualByComparingTo("175");
            soft.assertAll();

            sides.crm.requestLog().clear();
            sides.dinero.requestLog().clear();
            Map<String, Object> third = SimulatedSides.runSync(api);
            assertThat(third.get("status")).as(String.valueOf(third)).isEqualTo("succeeded");
            assertThat(sides.dinero.requestLog().count(SimulatedSides.WRITE)).isZero();
            assertThat(sides.crmWrites()).isZero();
        }
    }

    private Map<String, Object> onlyLive(String type) {
        assertThat(sides.liveDinero(type)).hasSize(1);
        return sides.liveDinero(type).get(0);
    }
}
