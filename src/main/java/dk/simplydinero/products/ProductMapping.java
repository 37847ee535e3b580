package dk.simplydinero.products;

import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DineroRules;
import dk.simplydinero.mapping.Units;
import dk.simplydinero.mapping.CrmToDineroMapping;
import dk.simplydinero.dinero.DineroProperties;


import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/** CRM Products → Dinero product (PRODUCT.md 5). */
public class ProductMapping extends CrmToDineroMapping {

    private final int salesAccount;

    /** @param dinero its {@code salesAccount} becomes the product's AccountNumber */
    public ProductMapping(DineroProperties dinero) {
        this(new Products(dinero));
    }

    public ProductMapping(Products type) {
        super(type);
        this.salesAccount = type.salesAccount();
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        CrmRecord r = CrmRecord.of("Product", crmRecord);
        BigDecimal price = r.decimal("unit_price");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ExternalReference", DineroRules.externalReference(r));
        out.put("Name", r.requiredText("productname", "the product name"));
        out.put("ProductNumber", r.text("product_no"));
        // A CRM product may have no price (an import): left out, so the product is refused, never sent as free.
        if (price != null) {
            out.put("BaseAmountValue", price);
        }
        out.put("Quantity", BigDecimal.ONE);
        out.put("AccountNumber", salesAccount);
        out.put("Unit", Units.toDinero(r.text("usageunit")));
        return out;
    }
}
