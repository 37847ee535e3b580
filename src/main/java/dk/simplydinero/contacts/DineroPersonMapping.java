package dk.simplydinero.contacts;

import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.CrmCountries;
import dk.simplydinero.mapping.PersonNames;
import dk.simplydinero.mapping.DineroToCrmMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dinero contact with {@code IsPerson=true} → CRM Contacts, the way back of {@link ContactMapping}:
 * {@code Name}→{@code firstname}+{@code lastname} (split on the last space, {@link PersonNames#split}; a one-word
 * name is a last name, the CRM's mandatory one), {@code Street}→{@code mailingstreet}, {@code ZipCode}→
 * {@code mailingzip}, {@code City}→{@code mailingcity}, {@code CountryKey}→{@code mailingcountry} (English name),
 * {@code Phone}→{@code phone}, {@code Email}→{@code email}. {@code mobile} is left alone (the CRM's phone-else-mobile
 * rule only applies going to Dinero). A contact flagged {@code IsPerson=false} is refused.
 */
public class DineroPersonMapping extends DineroToCrmMapping {

    private static final Logger LOG = LoggerFactory.getLogger(DineroPersonMapping.class);

    public DineroPersonMapping() {
        this(new Contacts());
    }

    public DineroPersonMapping(Contacts type) {
        super(type);
    }

    @Override
    public Map<String, Object> map(Map<String, Object> dineroRecord) {
        DineroRecord r = DineroRecord.of("Dinero contact", "ContactGuid", dineroRecord);
        if (Boolean.FALSE.equals(r.flag("IsPerson"))) {
            throw r.fail("IsPerson", "is false: a company maps to CRM Organizations, not Contacts");
        }
        PersonNames.Split name = PersonNames.split(r.requiredText("Name", "name"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("firstname", name.firstname());
        out.put("lastname", name.lastname());
        out.put("mailingstreet", r.text("Street"));
        out.put("mailingzip", r.text("ZipCode"));
        out.put("mailingcity", r.text("City"));
        out.put("mailingcountry", CrmCountries.fromDinero(r, "CountryKey", LOG));
        out.put("phone", r.text("Phone"));
        out.put("email", r.text("Email"));
        return out;
    }
}
