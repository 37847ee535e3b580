package dk.simplydinero.products;

import dk.simplydinero.dinero.DineroProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.Units;
import dk.simplydinero.mapping.DineroToCrmMapping;
import java.util.Map;
import java.util.Optional;

/**
 * Dinero product → CRM Products, the way back of {@link ProductMapping}: the rules of {@link Products#toCrm}
 * ({@code Name}→{@code productname},
 * {@code BaseAmountValue}→{@code unit_price} (plain decimal), {@code Unit}→{@code usageunit} ({@link Units#toCrm}:
 * hours→Hours, box→Box, carton→Carton, metre→M, package→Pack, everything else→Pieces).
 *
 * <p>{@code ProductNumber}↔{@code product_no}: PRODUCT.md pairs them, but {@code product_no} is the CRM's
 * auto-number, assigned by the server and read-only. So {@link #map} does <b>not</b> write it; the Dinero number is
 * offered by {@link #productNo} as a value the caller may use to look up the CRM product (first contact by natural
 * key). It is also not written to {@code productcode} (Part Number): that field is the CRM user's own.
 */
public class DineroProductMapping extends DineroToCrmMapping {

    private static final Logger LOG = LoggerFactory.getLogger(DineroProductMapping.class);

    private final Products type;

    public DineroProductMapping() {
        this(new Products(new DineroProperties()));
    }

    public DineroProductMapping(Products type) {
        super(type);
        this.type = type;
    }

    @Override
    public Map<String, Object> map(Map<String, Object> dineroRecord) {
        return type.toCrm().map(DineroRecord.of("Dinero product", "ProductGuid", dineroRecord), LOG);
    }

    /** The Dinero {@code ProductNumber}, to find the CRM product by {@code product_no}; empty when it has none. */
    public Optional<String> productNo(Map<String, Object> dineroRecord) {
        String number = DineroRecord.of("Dinero product", "ProductGuid", dineroRecord).text("ProductNumber");
        return number.isEmpty() ? Optional.empty() : Optional.of(number);
    }
}
