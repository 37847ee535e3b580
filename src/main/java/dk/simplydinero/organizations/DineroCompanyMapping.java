package dk.simplydinero.organizations;

import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.CrmCountries;
import dk.simplydinero.mapping.DineroToCrmMapping;
import dk.simplydinero.crm.SimplyCrmProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dinero contact with {@code IsPerson=false} → CRM Accounts (organizations), the way back of
 * {@link OrganizationMapping}: {@code Name}→{@code accountname}, {@code Street}→{@code bill_street},
 * {@code ZipCode}→{@code bill_code}, {@code City}→{@code bill_city}, {@code CountryKey}→{@code bill_country}
 * (English name), {@code Phone}→{@code phone}, {@code Email}→{@code email1}, {@code Webpage}→{@code website},
 * {@code VatNumber}→ the configured VAT field ({@code simplycrm.vat-field}; none when that is empty).
 * A contact flagged {@code IsPerson=true} is refused: it belongs to {@link DineroPersonMapping}.
 */
public class DineroCompanyMapping extends DineroToCrmMapping {

    private static final Logger LOG = LoggerFactory.getLogger(DineroCompanyMapping.class);

    private final String vatField;

    /** @param crm its {@code vatField} (e.g. {@code cf_853}) receives VatNumber; empty = VatNumber is not mapped */
    public DineroCompanyMapping(SimplyCrmProperties crm) {
        this(new Organizations(crm));
    }

    public DineroCompanyMapping(Organizations type) {
        super(type);
        this.vatField = type.vatField();
    }

    @Override
    public Map<String, Object> map(Map<String, Object> dineroRecord) {
        DineroRecord r = DineroRecord.of("Dinero contact", "ContactGuid", dineroRecord);
        if (Boolean.TRUE.equals(r.flag("IsPerson"))) {
            throw r.fail("IsPerson", "is true: a person maps to CRM Contacts, not Organizations");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accountname", r.requiredText("Name", "name"));
        out.put("bill_street", r.text("Street"));
        out.put("bill_code", r.text("ZipCode"));
        out.put("bill_city", r.text("City"));
        out.put("bill_country", CrmCountries.fromDinero(r, "CountryKey", LOG));
        out.put("phone", r.text("Phone"));
        out.put("email1", r.text("Email"));
        out.put("website", r.text("Webpage"));
        if (!vatField.isEmpty()) {
            out.put(vatField, r.text("VatNumber"));
        }
        return out;
    }
}
