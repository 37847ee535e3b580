package dk.simplydinero.contacts;

import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.CrmToDineroMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** CRM Contacts → Dinero contact with {@code IsPerson=true} (PRODUCT.md 5): the rules of {@link Contacts#toDinero}. */
public class ContactMapping extends CrmToDineroMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ContactMapping.class);

    private final Contacts type;

    public ContactMapping() {
        this(new Contacts());
    }

    public ContactMapping(Contacts type) {
        super(type);
        this.type = type;
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        return type.toDinero().map(CrmRecord.of("Contact", crmRecord), LOG);
    }
}
