package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import dk.simplydinero.contacts.ContactMappingTest;
import dk.simplydinero.contacts.DineroPersonMappingTest;
import dk.simplydinero.invoices.DineroInvoiceMappingTest;
import dk.simplydinero.invoices.InvoiceMappingTest;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.organizations.DineroCompanyMappingTest;
import dk.simplydinero.organizations.OrganizationMappingTest;
import dk.simplydinero.products.DineroProductMappingTest;
import dk.simplydinero.products.ProductMappingTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11.2: what a record type is, is written once. Per record type and direction, its spec, what its mapper writes
 * and what {@code GET /api/mapping} shows name the same fields, and those are the fields PRODUCT.md 5 names (listed
 * here, in the test's own words).
 */
@SimulatedService(properties = {"simplycrm.vat-field=cf_853", "sandbox.sync-at-start=false"})
class RecordTypesAgreeTest {

    static SimulatedSides sides;

    @Autowired
    RecordTypes types;

    /** PRODUCT.md 5, per module: the fields the CRM → Dinero mapping writes to Dinero, then the way back. */
    private static final Map<SyncModule, List<List<String>>> PRODUCT_MD = Map.of(
            SyncModule.ORGANIZATIONS, List.of(
                    List.of("ExternalReference", "Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email",
                            "Webpage", "VatNumber", "IsPerson", "IsMember", "UseCvr"),
                    List.of("accountname", "bill_street", "bill_code", "bill_city", "bill_country", "phone", "email1",
                            "website", "cf_853")),
            SyncModule.CONTACTS, List.of(
                    List.of("ExternalReference", "Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email",
                            "IsPerson", "IsMember", "UseCvr"),
                    List.of("firstname", "lastname", "mailingstreet", "mailingzip", "mailingcity", "mailingcountry",
                            "phone", "email")),
            SyncModule.PRODUCTS, List.of(
                    List.of("ExternalReference", "Name", "ProductNumber", "BaseAmountValue", "Quantity",
                            "AccountNumber", "Unit"),
                    List.of("productname", "unit_price", "usageunit")),
            SyncModule.INVOICES, List.of(
                    List.of("ExternalReference", "ContactGuid", "Date", "Currency", "Language", "Description",
                            "PaymentConditionType", "PaymentConditionNumberOfDays", "ProductLines"),
                    List.of("subject", "account_id", "contact_id", "invoicedate", "duedate", "currency_id",
                            "invoicestatus", "received", "balance", "bill_street", "ship_street", "LineItems")));

    /** What the invoice mapper writes to the CRM beside its rules: the customer's address parts, productid, tax type. */
    private static final Set<String> INVOICE_ALSO_TO_CRM = Set.of("bill_code", "bill_city", "bill_country",
            "ship_code", "ship_city", "ship_country", "productid", "hdnTaxType");

    @Test
    void eachSpecDeclaresTheRulesOfProductMd() {
        for (SyncModule module : SyncModule.values()) {
            for (Direction direction : Direction.values()) {
                assertThat(targets(types.of(module).defaultRules(direction)))
                        .as(module.key() + " " + direction.key()).containsExactlyElementsOf(expected(module, direction));
            }
        }
        assertThat(types.of(SyncModule.INVOICES).ownedFields(Direction.DINERO_TO_CRM))
                .containsAll(INVOICE_ALSO_TO_CRM);
    }

    @Test
    void getApiMappingShowsTheSpecsRules(ApiClient api) {
        JsonNode modules = api.get("/api/mapping").json().path("modules");
        for (SyncModule module : SyncModule.values()) {
            for (Direction direction : Direction.values()) {
                List<String> shown = new ArrayList<>();
                List<List<String>> sources = new ArrayList<>();
                modules.path(module.key()).path(direction.key()).forEach(row -> {
                    shown.add(row.path("target").asText());
                    List<String> s = new ArrayList<>();
                    row.path("source").forEach(f -> s.add(f.asText()));
                    sources.add(s);
                });
                assertThat(shown).as(module.key() + " " + direction.key())
                        .containsExactlyElementsOf(expected(module, direction));
                assertThat(sources).as(module.key() + " " + direction.key() + " sources")
                        .isEqualTo(types.of(module).defaultRules(direction).stream().map(FieldRule::sources).toList());
            }
        }
        assertThat(modules.path("contacts").path("dinero-to-crm").get(2).path("source").get(0).asText())
                .isEqualTo("Street");
    }

    @Test
    void eachMapperWritesExactlyTheFieldsOfItsSpec() {
        assertWrites(SyncModule.ORGANIZATIONS, Direction.CRM_TO_DINERO,
                types.toDinero(SyncModule.ORGANIZATIONS).mapInForce(OrganizationMappingTest.oestergaard()).keySet());
        assertWrites(SyncModule.CONTACTS, Direction.CRM_TO_DINERO,
                types.toDinero(SyncModule.CONTACTS).mapInForce(ContactMappingTest.aase()).keySet());
        assertWrites(SyncModule.PRODUCTS, Direction.CRM_TO_DINERO,
                types.toDinero(SyncModule.PRODUCTS).mapInForce(ProductMappingTest.kaffe()).keySet());
        assertWrites(SyncModule.INVOICES, Direction.CRM_TO_DINERO,
                new InvoiceMappingTest().mapping().map(InvoiceMappingTest.raadgivning()).keySet());

        assertWrites(SyncModule.ORGANIZATIONS, Direction.DINERO_TO_CRM,
                types.toCrm(SyncModule.ORGANIZATIONS).map(DineroCompanyMappingTest.faerge()).keySet());
        assertWrites(SyncModule.CONTACTS, Direction.DINERO_TO_CRM,
                types.toCrm(SyncModule.CONTACTS).map(DineroPersonMappingTest.soeren()).keySet());
        assertWrites(SyncModule.PRODUCTS, Direction.DINERO_TO_CRM,
                types.toCrm(SyncModule.PRODUCTS).map(DineroProductMappingTest.planke()).keySet());
        // An invoice's customer is an organization or a contact, never both from one rule: the rest are all written.
        Set<String> invoice = new DineroInvoiceMappingTest().mapping().map(DineroInvoiceMappingTest.toemrer()).keySet();
        assertThat(invoice).isSubsetOf(union(expected(SyncModule.INVOICES, Direction.DINERO_TO_CRM), INVOICE_ALSO_TO_CRM))
                .containsAll(expected(SyncModule.INVOICES, Direction.DINERO_TO_CRM).stream()
                        .filter(f -> !f.equals("contact_id")).toList());
    }

    private static void assertWrites(SyncModule module, Direction direction, Set<String> written) {
        assertThat(written).as(module.key() + " " + direction.key() + ", mapped")
                .containsExactlyInAnyOrderElementsOf(expected(module, direction));
    }

    private static List<String> expected(SyncModule module, Direction direction) {
        return PRODUCT_MD.get(module).get(direction == Direction.CRM_TO_DINERO ? 0 : 1);
    }

    private static List<String> targets(List<FieldRule> rules) {
        return rules.stream().map(FieldRule::target).toList();
    }

    private static Set<String> union(List<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
