package dk.simplydinero.organizations;

import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DineroRules;
import dk.simplydinero.mapping.CountryKeys;
import dk.simplydinero.mapping.CrmToDineroMapping;
import dk.simplydinero.crm.SimplyCrmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import java.util.LinkedHashMap;
import java.util.Map;

/** CRM Accounts (organizations) → Dinero contact with {@code IsPerson=false} (PRODUCT.md 5). */
public class OrganizationMapping extends CrmToDineroMapping {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationMapping.class);

    private final String vatField;

    /** @param crm its {@code vatField} (e.g. {@code cf_853}) is mapped to VatNumber; empty = no VatNumber */
    public OrganizationMapping(SimplyCrmProperties crm) {
        this(new Organizations(crm));
    }

    public OrganizationMapping(Organizations type) {
        super(type);
        this.vatField = type.vatField();
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        CrmRecord r = CrmRecord.of("Organization", crmRecord);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ExternalReference", DineroRules.externalReference(r));
        out.put("Name", r.requiredText("accountname", "the organization name"));
        out.put("Street", r.text("bill_street"));
        out.put("ZipCode", r.text("bill_code"));
        out.put("City", r.text("bill_city"));
        out.put("CountryKey", CountryKeys.fromCrm(r, "bill_country", LOG));
        out.put("Phone", r.text("phone"));
        out.put("Email", DineroRules.email(r, "email1"));
        out.put("Webpage", r.text("website"));
        if (!vatField.isEmpty()) {
            out.put("VatNumber", r.text(vatField));
        }
        out.put("IsPerson", false);
        out.put("IsMember", false);
        out.put("UseCvr", false);
        return out;
    }
}
