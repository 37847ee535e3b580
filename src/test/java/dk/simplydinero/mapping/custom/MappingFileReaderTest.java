package dk.simplydinero.mapping.custom;

import dk.simplydinero.mapping.TestRecordTypes;
import dk.simplydinero.model.SyncModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingFileReaderTest {

    @TempDir
    Path dir;

    private static final String CONTACT_FIELDS = "Name, Street, ZipCode, City, CountryKey, Phone, Email, Webpage,"
            + " AttPerson, VatNumber, EanNumber, SENumber, PNumber, PaymentConditionType, PaymentConditionNumberOfDays,"
            + " IsPerson, IsMember, MemberNumber, UseCvr, CompanyTypeKey, InvoiceMailOutOptionKey,"
            + " PreferredInvoiceLanguageKey, PreferredInvoiceCurrencyKey, ExternalReference";

    private CustomMapping read(String yaml) throws IOException {
        Path file = dir.resolve("mapping.yaml");
        Files.writeString(file, yaml);
        return MappingFileReader.read(file, TestRecordTypes.withVatField("cf_853"));
    }

    private void fails(String yaml, String message) {
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(MappingFileException.class).hasMessage(message);
    }

    @Test
    void exampleFileReads() {
        CustomMapping mapping = MappingFileReader.read(Path.of("mapping.example.yaml"), TestRecordTypes.withVatField("cf_853"));
        assertThat(mapping.file()).isEqualTo("mapping.example.yaml");
        assertThat(mapping.rules()).containsOnlyKeys(SyncModule.values());
        List<FieldRule> orgs = mapping.rules(SyncModule.ORGANIZATIONS, Direction.CRM_TO_DINERO);
        assertThat(orgs).extracting(FieldRule::target)
                .containsExactly("VatNumber", "EanNumber", "Phone", "PaymentConditionNumberOfDays", "CountryKey");
        assertThat(orgs.get(0)).isEqualTo(new FieldRule("VatNumber", List.of("cf_901"), null, false,
                Conversion.TEXT, "mapping.example.yaml line 27"));
        assertThat(orgs.get(2).drop()).isTrue();
        assertThat(orgs.get(3).constant()).isEqualTo(14);
        assertThat(orgs.get(4).conversion()).isEqualTo(Conversion.COUNTRY);
        // every feature: change, add, drop, constant and every conversion
        assertThat(mapping.rules().values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
                .map(FieldRule::conversion).filter(c -> c != null).distinct())
                .containsExactlyInAnyOrder(Conversion.values());
    }

    @Test
    void rulesKeepTheirValues() throws IOException {
        CustomMapping mapping = read("""
                contacts:
                  crm-to-dinero:
                    - {dinero: Name, crm: [firstname, lastname], conversion: join}
                    - {dinero: IsMember, constant: true}
                    - {dinero: MemberNumber, constant: "007"}
                products:
                  crm-to-dinero:
                    - {dinero: Quantity, constant: 2.50}
                    - {dinero: Comment, crm: cf_1}
                  dinero-to-crm:
                    - {crm: cf_2, dinero: BaseAmountValue}
                """);
        assertThat(mapping.rules(SyncModule.CONTACTS, Direction.CRM_TO_DINERO)).containsExactly(
                new FieldRule("Name", List.of("firstname", "lastname"), null, false, Conversion.JOIN, "mapping.yaml line 3"),
                new FieldRule("IsMember", List.of(), true, false, null, "mapping.yaml line 4"),
                new FieldRule("MemberNumber", List.of(), "007", false, null, "mapping.yaml line 5"));
        assertThat(mapping.rules(SyncModule.PRODUCTS, Direction.CRM_TO_DINERO).get(0).constant())
                .isEqualTo(new java.math.BigDecimal("2.50"));
        assertThat(mapping.rules(SyncModule.PRODUCTS, Direction.CRM_TO_DINERO).get(1).conversion())
                .isEqualTo(Conversion.TEXT);
        assertThat(mapping.rules(SyncModule.PRODUCTS, Direction.DINERO_TO_CRM).get(0).conversion())
                .isEqualTo(Conversion.DECIMAL);
    }

    @Test
    void emptyFileOrEmptyModuleMeansNoRules() throws IOException {
        assertThat(read("# nothing yet\n").rules()).isEmpty();
        assertThat(read("products:\n  crm-to-dinero:\n").rules()).isEmpty();
    }

    @Test
    void crmFieldsAreCheckedAgainstDescribe() throws IOException {
        CustomMapping mapping = read("""
                products:
                  crm-to-dinero:
                    - dinero: ProductNumber
                      crm: productcode
                  dinero-to-crm:
                    - crm: cf_910
                      dinero: ProductNumber
                organizations:
                  crm-to-dinero:
                    - {dinero: Name, crm: [accountname, cf_1], conversion: join}
                """);
        assertThat(mapping.crmFields()).isEqualTo(Map.of(
                "Accounts", Map.of("accountname", "mapping.yaml line 10", "cf_1", "mapping.yaml line 10"),
                "Products", Map.of("productcode", "mapping.yaml line 3", "cf_910", "mapping.yaml line 6")));
        mapping.checkCrmFields(module -> module.equals("Products") ? Set.of("productcode", "cf_910")
                : Set.of("accountname", "cf_1"));
        assertThatThrownBy(() -> mapping.checkCrmFields(module -> Set.of("productcode", "accountname", "cf_1")))
                .isInstanceOf(MappingFileException.class)
                .hasMessage("mapping.yaml line 6: products.dinero-to-crm: the CRM's Products have no field 'cf_910'");
        assertThatThrownBy(() -> mapping.checkCrmFields(module -> null))
                .hasMessage("mapping.yaml line 10: organizations.crm-to-dinero: the CRM's Accounts have no field 'accountname'");
    }

    // ---- every validation error, with the message the user sees ----

    @Test
    void missingFile() {
        assertThatThrownBy(() -> MappingFileReader.read(dir.resolve("mapping.yaml"), TestRecordTypes.withVatField("")))
                .isInstanceOf(MappingFileException.class)
                .hasMessage("mapping.yaml: no such file (sync.mapping=custom needs it)");
    }

    @Test
    void yamlSyntaxError() {
        fails("organizations:\n  crm-to-dinero:\n    - dinero: Name\n     crm: x\n",
                "mapping.yaml line 4, column 6: not valid YAML: expected <block end>, but found '<block mapping start>'");
    }

    @Test
    void yamlTab() {
        fails("organizations:\n\tcrm-to-dinero: []\n",
                "mapping.yaml line 2, column 1: not valid YAML: found character '\\t(TAB)' that cannot start any token."
                        + " (Do not use \\t(TAB) for indentation)");
    }

    @Test
    void topLevelNotAMap() {
        fails("- organizations\n",
                "mapping.yaml line 1: the file must map modules (organizations, contacts, products, invoices) to their rules");
    }

    @Test
    void unknownModule() {
        fails("organizations: {}\nproduct:\n  crm-to-dinero: []\n",
                "mapping.yaml line 2: unknown module 'product' (modules: organizations, contacts, products, invoices)");
    }

    @Test
    void moduleTwice() {
        fails("products: {}\nproducts: {}\n", "mapping.yaml line 2: 'products' appears twice (first at line 1)");
    }

    @Test
    void moduleNotAMap() {
        fails("products: [a]\n",
                "mapping.yaml line 1: products: must map directions (crm-to-dinero, dinero-to-crm) to lists of rules");
    }

    @Test
    void unknownDirection() {
        fails("products:\n  crm-dinero: []\n",
                "mapping.yaml line 2: products: unknown direction 'crm-dinero' (directions: crm-to-dinero, dinero-to-crm)");
    }

    @Test
    void directionNotAList() {
        fails("products:\n  crm-to-dinero:\n    dinero: Name\n",
                "mapping.yaml line 3: products.crm-to-dinero: must be a list of rules (each starting with '- ')");
    }

    @Test
    void ruleNotAMap() {
        fails("products:\n  dinero-to-crm:\n    - productname\n",
                "mapping.yaml line 3: products.dinero-to-crm[1]: a rule must be a map such as {crm: accountname, dinero: Name}");
    }

    @Test
    void unknownKey() {
        fails("products:\n  crm-to-dinero:\n    - dinero: Name\n      crm: productname\n      convert: text\n",
                "mapping.yaml line 5: products.crm-to-dinero[1]: unknown key 'convert' (keys: dinero, crm, constant, drop, conversion)");
    }

    @Test
    void noTarget() {
        fails("products:\n  crm-to-dinero:\n    - crm: productname\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: the rule names no Dinero field: in crm-to-dinero 'dinero:' is the field it sets");
    }

    @Test
    void noSourceConstantOrDrop() {
        fails("products:\n  dinero-to-crm:\n    - crm: cf_1\n",
                "mapping.yaml line 3: products.dinero-to-crm[1]: 'cf_1' needs one of dinero (the Dinero field it comes from), constant or drop");
    }

    @Test
    void sourceAndConstant() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: Comment, crm: cf_1, constant: x}\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: 'Comment' has crm and constant: give only one of crm, constant or drop");
    }

    @Test
    void conversionWithConstant() {
        fails("products:\n  crm-to-dinero:\n    - dinero: Comment\n      constant: x\n      conversion: text\n",
                "mapping.yaml line 5: products.crm-to-dinero[1]: conversion applies to crm fields, not to a constant");
    }

    @Test
    void unknownDineroTarget() {
        fails("organizations:\n  crm-to-dinero:\n    - dinero: Phone\n      crm: phone\n    - dinero: VatNumbr\n      crm: cf_1\n",
                "mapping.yaml line 5: organizations.crm-to-dinero[2]: unknown Dinero field 'VatNumbr' (Dinero contacts have "
                        + CONTACT_FIELDS + ")");
    }

    @Test
    void unknownDineroSource() {
        fails("products:\n  dinero-to-crm:\n    - crm: cf_1\n      dinero: Number\n",
                "mapping.yaml line 4: products.dinero-to-crm[1]: unknown Dinero field 'Number' (Dinero products have"
                        + " Name, ProductNumber, BaseAmountValue, Quantity, AccountNumber, Unit, Comment, ExternalReference,"
                        + " ProductGuid, CreatedAt, UpdatedAt, DeletedAt)");
    }

    @Test
    void readOnlyDineroTarget() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: ProductGuid, crm: cf_1}\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: 'ProductGuid' is read-only in Dinero (Dinero products have"
                        + " Name, ProductNumber, BaseAmountValue, Quantity, AccountNumber, Unit, Comment, ExternalReference)");
    }

    @Test
    void badCrmFieldName() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: Comment, crm: Cf 1}\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: 'Cf 1' is not a CRM field name (lower-case letters, digits and _, e.g. cf_901)");
    }

    @Test
    void unknownConversion() {
        fails("organizations:\n  crm-to-dinero:\n    - dinero: CountryKey\n      crm: bill_country\n      conversion: contry\n",
                "mapping.yaml line 5: organizations.crm-to-dinero[1]: unknown conversion 'contry' (conversions: text,"
                        + " country, unit, date, decimal, join, first-name, last-name)");
    }

    @Test
    void joinWithOneField() {
        fails("contacts:\n  crm-to-dinero:\n    - dinero: Name\n      crm: [lastname]\n      conversion: join\n",
                "mapping.yaml line 5: contacts.crm-to-dinero[1]: conversion join needs two or more CRM fields");
    }

    @Test
    void twoFieldsWithoutJoin() {
        fails("contacts:\n  crm-to-dinero:\n    - dinero: Name\n      crm: [firstname, lastname]\n",
                "mapping.yaml line 4: contacts.crm-to-dinero[1]: 2 CRM fields need conversion: join (the other conversions take one field)");
    }

    @Test
    void twoFieldsWithAnotherConversion() {
        fails("contacts:\n  dinero-to-crm:\n    - {crm: cf_1, dinero: [Street, City], conversion: text}\n",
                "mapping.yaml line 3: contacts.dinero-to-crm[1]: conversion text takes one Dinero field, not 2 (only join takes more)");
    }

    @Test
    void dropOfARequiredDineroField() {
        fails("contacts:\n  crm-to-dinero:\n    - dinero: CountryKey\n      drop: true\n",
                "mapping.yaml line 4: contacts.crm-to-dinero[1]: Dinero requires CountryKey on contacts: it cannot be dropped");
    }

    @Test
    void dropOfARequiredProductField() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: AccountNumber, drop: true}\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: Dinero requires AccountNumber on products: it cannot be dropped");
    }

    @Test
    void dropOfAMandatoryCrmField() {
        fails("organizations:\n  dinero-to-crm:\n    - crm: accountname\n      drop: true\n",
                "mapping.yaml line 4: organizations.dinero-to-crm[1]: the CRM requires 'accountname' on Accounts: it cannot be dropped");
    }

    @Test
    void dropFalse() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: Comment, drop: false}\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: drop can only be true (leave the rule out to keep the default)");
    }

    @Test
    void emptyConstant() {
        fails("products:\n  crm-to-dinero:\n    - dinero: Comment\n      constant:\n",
                "mapping.yaml line 4: products.crm-to-dinero[1]: a constant must be one value (text, number or true/false)");
    }

    @Test
    void sameTargetTwice() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: Comment, crm: cf_1}\n    - {dinero: Comment, crm: cf_2}\n",
                "mapping.yaml line 4: products.crm-to-dinero[2]: 'Comment' is already set by the rule at line 3");
    }

    @Test
    void invoiceLinesRefused() {
        fails("invoices:\n  crm-to-dinero:\n    - {dinero: ProductLines, crm: cf_1}\n",
                "mapping.yaml line 3: invoices.crm-to-dinero[1]: only invoice header fields can be mapped: ProductLines come from the invoice's line items");
        fails("invoices:\n  dinero-to-crm:\n    - {crm: LineItems, drop: true}\n",
                "mapping.yaml line 3: invoices.dinero-to-crm[1]: only invoice header fields can be mapped: LineItems come from the invoice's ProductLines");
        fails("invoices:\n  dinero-to-crm:\n    - {crm: cf_5, dinero: ProductLines}\n",
                "mapping.yaml line 3: invoices.dinero-to-crm[1]: only invoice header fields can be mapped: ProductLines are the invoice lines, synced as LineItems");
    }

    @Test
    void invoiceCustomerRefused() {
        fails("invoices:\n  crm-to-dinero:\n    - {dinero: ContactGuid, crm: cf_1}\n",
                "mapping.yaml line 3: invoices.crm-to-dinero[1]: only invoice header fields can be mapped: the customer"
                        + " (ContactGuid) is the linked organization or contact (sync.invoice-contact)");
        fails("invoices:\n  dinero-to-crm:\n    - {crm: account_id, dinero: ContactGuid}\n",
                "mapping.yaml line 3: invoices.dinero-to-crm[1]: only invoice header fields can be mapped: the customer"
                        + " (account_id) is the CRM record linked to the Dinero contact");
    }

    @Test
    void invoiceLineItemsAsSourceRefused() {
        fails("invoices:\n  crm-to-dinero:\n    - {dinero: Comment, crm: LineItems}\n",
                "mapping.yaml line 3: invoices.crm-to-dinero[1]: only invoice header fields can be mapped: LineItems are the invoice lines, synced as ProductLines");
    }

    @Test
    void yamlUnclosedFlowList() {
        fails("products:\n  crm-to-dinero: [\n",
                "mapping.yaml line 3, column 1: not valid YAML: expected the node content, but found '<stream end>'");
    }

    @Test
    void linkFieldsRefused() {
        fails("products:\n  crm-to-dinero:\n    - {dinero: ExternalReference, crm: cf_1}\n",
                "mapping.yaml line 3: products.crm-to-dinero[1]: ExternalReference links the Dinero record to its CRM record and cannot be mapped");
        fails("contacts:\n  crm-to-dinero:\n    - {dinero: IsPerson, constant: false}\n",
                "mapping.yaml line 3: contacts.crm-to-dinero[1]: IsPerson tells organizations (false) from contacts (true) and cannot be mapped");
        fails("contacts:\n  dinero-to-crm:\n    - {crm: id, dinero: ContactGuid}\n",
                "mapping.yaml line 3: contacts.dinero-to-crm[1]: 'id' is the CRM record's id and cannot be mapped");
        fails("products:\n  dinero-to-crm:\n    - {crm: product_no, dinero: ProductNumber}\n",
                "mapping.yaml line 3: products.dinero-to-crm[1]: 'product_no' is set by the CRM itself (an auto number"
                        + " or a time) and cannot be written");
    }
}
