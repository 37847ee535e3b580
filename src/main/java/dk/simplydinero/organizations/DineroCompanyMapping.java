package dk.simplydinero.organizations;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.DineroToCrmMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Dinero contact with {@code IsPerson=false} → CRM Accounts (organizations), the way back of
 * {@link OrganizationMapping}: the rules of {@link Organizations#toCrm} ({@code Name}→{@code accountname},
 * {@code Street}→{@code bill_street}, …, {@code CountryKey}→{@code bill_country} as its English name,
 * {@code VatNumber}→ the configured VAT field, none when {@code simplycrm.vat-field} is empty).
 * A contact flagged {@code IsPerson=true} is refused: it belongs to Contacts.
 */
public class DineroCompanyMapping extends DineroToCrmMapping {

    private static final Logger LOG = LoggerFactory.getLogger(DineroCompanyMapping.class);

    private final Organizations type;

    /** @param crm its {@code vatField} (e.g. {@code cf_853}) receives VatNumber; empty = VatNumber is not mapped */
    public DineroCompanyMapping(SimplyCrmProperties crm) {
        this(new Organizations(crm));
    }

    public DineroCompanyMapping(Organizations type) {
        super(type);
        this.type = type;
    }

    @Override
    public Map<String, Object> map(Map<String, Object> dineroRecord) {
        DineroRecord r = DineroRecord.of("Dinero contact", "ContactGuid", dineroRecord);
        if (Boolean.TRUE.equals(r.flag("IsPerson"))) {
            throw r.fail("IsPerson", "is true: a person maps to CRM Contacts, not Organizations");
        }
        return type.toCrm().map(r, LOG);
    }
}
