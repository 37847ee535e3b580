package dk.simplydinero.contacts;

import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.DineroToCrmMapping;
import dk.simplydinero.mapping.PersonNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Dinero contact with {@code IsPerson=true} → CRM Contacts, the way back of {@link ContactMapping}: the rules of
 * {@link Contacts#toCrm} ({@code Name}→{@code firstname}+{@code lastname}, split on the last space,
 * {@link PersonNames#split}: a one-word name is a last name, the CRM's mandatory one; {@code Street}→
 * {@code mailingstreet}, …). {@code mobile} is left alone (the CRM's phone-else-mobile rule only applies going to
 * Dinero). A contact flagged {@code IsPerson=false} is refused.
 */
public class DineroPersonMapping extends DineroToCrmMapping {

    private static final Logger LOG = LoggerFactory.getLogger(DineroPersonMapping.class);

    private final Contacts type;

    public DineroPersonMapping() {
        this(new Contacts());
    }

    public DineroPersonMapping(Contacts type) {
        super(type);
        this.type = type;
    }

    @Override
    public Map<String, Object> map(Map<String, Object> dineroRecord) {
        DineroRecord r = DineroRecord.of("Dinero contact", "ContactGuid", dineroRecord);
        if (Boolean.FALSE.equals(r.flag("IsPerson"))) {
            throw r.fail("IsPerson", "is false: a company maps to CRM Organizations, not Contacts");
        }
        return type.toCrm().map(r, LOG);
    }
}
