package dk.simplydinero.organizations;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.CrmToDineroMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * CRM Accounts (organizations) → Dinero contact with {@code IsPerson=false} (PRODUCT.md 5): the rules of
 * {@link Organizations#toDinero}.
 */
public class OrganizationMapping extends CrmToDineroMapping {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationMapping.class);

    private final Organizations type;

    /** @param crm its {@code vatField} (e.g. {@code cf_853}) is mapped to VatNumber; empty = no VatNumber */
    public OrganizationMapping(SimplyCrmProperties crm) {
        this(new Organizations(crm));
    }

    public OrganizationMapping(Organizations type) {
        super(type);
        this.type = type;
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        return type.toDinero().map(CrmRecord.of("Organization", crmRecord), LOG);
    }
}
