package dk.simplydinero.products;

import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.CrmToDineroMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** CRM Products → Dinero product (PRODUCT.md 5): the rules of {@link Products#toDinero}. */
public class ProductMapping extends CrmToDineroMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ProductMapping.class);

    private final Products type;

    /** @param dinero its {@code salesAccount} becomes the product's AccountNumber */
    public ProductMapping(DineroProperties dinero) {
        this(new Products(dinero));
    }

    public ProductMapping(Products type) {
        super(type);
        this.type = type;
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        return type.toDinero().map(CrmRecord.of("Product", crmRecord), LOG);
    }
}
