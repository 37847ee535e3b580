package dk.simplydinero.contacts;

import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DineroRules;
import dk.simplydinero.mapping.CountryKeys;
import dk.simplydinero.mapping.PersonNames;
import dk.simplydinero.mapping.CrmToDineroMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import java.util.LinkedHashMap;
import java.util.Map;

/** CRM Contacts → Dinero contact with {@code IsPerson=true} (PRODUCT.md 5). */
public class ContactMapping extends CrmToDineroMapping {

    private static final Logger LOG = LoggerFactory.getLogger(ContactMapping.class);

    public ContactMapping() {
        this(new Contacts());
    }

    public ContactMapping(Contacts type) {
        super(type);
    }

    @Override
    protected Map<String, Object> mapFields(Map<String, Object> crmRecord) {
        CrmRecord r = CrmRecord.of("Contact", crmRecord);
        String name = PersonNames.join(r.text("firstname"), r.text("lastname"));
        if (name.isEmpty()) {
            throw r.fail("lastname", "the contact has no name (fields 'firstname' and 'lastname' are empty)");
        }
        String phone = r.text("phone");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ExternalReference", DineroRules.externalReference(r));
        out.put("Name", name);
        out.put("Street", r.text("mailingstreet"));
        out.put("ZipCode", r.text("mailingzip"));
        out.put("City", r.text("mailingcity"));
        out.put("CountryKey", CountryKeys.fromCrm(r, "mailingcountry", LOG));
        out.put("Phone", phone.isEmpty() ? r.text("mobile") : phone);
        out.put("Email", DineroRules.email(r, "email"));
        out.put("IsPerson", true);
        out.put("IsMember", false);
        out.put("UseCvr", false);
        return out;
    }
}
