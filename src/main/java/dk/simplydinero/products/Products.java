package dk.simplydinero.products;

import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DefaultRules;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import static dk.simplydinero.mapping.custom.Conversion.DECIMAL;
import static dk.simplydinero.mapping.custom.Conversion.TEXT;
import static dk.simplydinero.mapping.custom.Conversion.UNIT;

/**
 * Products: CRM Products ↔ Dinero products, known by product number. {@code product_no} is the CRM's auto-number
 * (read-only), so the way back does not write it: it only finds the CRM product on first contact.
 */
public class Products extends RecordType {

    private final DefaultRules<CrmRecord> toDinero;
    private final int salesAccount;

    private static final DefaultRules<DineroRecord> TO_CRM = DefaultRules.toCrm()
            .pair("productname", TEXT, "Name").value((r, s, log) -> r.requiredText(s.get(0), "name"))
            .pair("unit_price", DECIMAL, "BaseAmountValue")
            .value((r, s, log) -> DineroRecord.plain(r.requiredDecimal(s.get(0))))
            .pair("usageunit", UNIT, "Unit");

    /** @param dinero its {@code salesAccount} is every product's AccountNumber */
    public Products(DineroProperties dinero) {
        super(SyncModule.PRODUCTS);
        this.salesAccount = dinero.getSalesAccount();
        this.toDinero = DefaultRules.toDinero()
                .externalReference()
                .pair("Name", TEXT, "productname").value((r, s, log) -> r.requiredText(s.get(0), "the product name"))
                .pair("ProductNumber", TEXT, "product_no")
                // A CRM product may have no price (an import): left out, so the product is refused, never sent as free.
                .pair("BaseAmountValue", DECIMAL, "unit_price").first()
                .note("no price: the product fails, never sent as free")
                // Shown as 1, sent as the decimal 1 Dinero's quantities are.
                .constant("Quantity", 1).value((r, s, log) -> BigDecimal.ONE)
                .constant("AccountNumber", dinero.getSalesAccount()).note("dinero.sales-account")
                .pair("Unit", UNIT, "usageunit");
    }

    /** Every product's AccountNumber ({@code dinero.sales-account}). */
    public int salesAccount() {
        return salesAccount;
    }

    @Override
    public List<FieldRule> defaultRules(Direction direction) {
        return direction == Direction.CRM_TO_DINERO ? toDinero.list() : TO_CRM.list();
    }

    /** The default rules from a CRM product to a Dinero product, which {@link ProductMapping} applies. */
    public DefaultRules<CrmRecord> toDinero() {
        return toDinero;
    }

    /** The default rules from a Dinero product to a CRM product, which {@link DineroProductMapping} applies. */
    public DefaultRules<DineroRecord> toCrm() {
        return TO_CRM;
    }

    @Override
    public List<String> naturalKeys(boolean vatSynced) {
        return List.of("ProductNumber");
    }

    @Override
    public List<String> identifyingFields() {
        return List.of("productname");
    }

    @Override
    public Set<String> crmMandatory() {
        return Set.of("productname");
    }

    /** A product is found by its name. */
    @Override
    public List<String> crmNameFields() {
        return List.of("productname");
    }

    /** A product is named by its Name in Dinero. */
    @Override
    public List<String> dineroNameFields() {
        return List.of("Name");
    }
}
