package dk.simplydinero.products;

import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.DefaultRules;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;

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

    private final List<FieldRule> toDinero;
    private final int salesAccount;

    private static final List<FieldRule> TO_CRM = DefaultRules.of()
            .pair("productname", TEXT, "Name")
            .pair("unit_price", DECIMAL, "BaseAmountValue")
            .pair("usageunit", UNIT, "Unit")
            .list();

    /** @param dinero its {@code salesAccount} is every product's AccountNumber */
    public Products(DineroProperties dinero) {
        super(SyncModule.PRODUCTS);
        this.salesAccount = dinero.getSalesAccount();
        this.toDinero = DefaultRules.of()
                .externalReference()
                .pair("Name", TEXT, "productname")
                .pair("ProductNumber", TEXT, "product_no")
                .pair("BaseAmountValue", DECIMAL, "unit_price").note("no price: the product fails, never sent as free")
                .constant("Quantity", 1)
                .constant("AccountNumber", dinero.getSalesAccount()).note("dinero.sales-account")
                .pair("Unit", UNIT, "usageunit")
                .list();
    }

    /** Every product's AccountNumber ({@code dinero.sales-account}). */
    public int salesAccount() {
        return salesAccount;
    }

    @Override
    public List<FieldRule> defaultRules(Direction direction) {
        return direction == Direction.CRM_TO_DINERO ? toDinero : TO_CRM;
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
}
