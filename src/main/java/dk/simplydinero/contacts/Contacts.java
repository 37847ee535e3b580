package dk.simplydinero.contacts;

import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DefaultRules;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.DineroRules;
import dk.simplydinero.mapping.PersonNames;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dk.simplydinero.mapping.custom.Conversion.COUNTRY;
import static dk.simplydinero.mapping.custom.Conversion.FIRST_NAME;
import static dk.simplydinero.mapping.custom.Conversion.JOIN;
import static dk.simplydinero.mapping.custom.Conversion.LAST_NAME;
import static dk.simplydinero.mapping.custom.Conversion.TEXT;

/** Contacts: CRM Contacts ↔ Dinero contacts with {@code IsPerson=true}, known by e-mail. */
public class Contacts extends RecordType {

    private static final DefaultRules<CrmRecord> TO_DINERO = DefaultRules.toDinero()
            .externalReference()
            .pair("Name", JOIN, "firstname", "lastname").value((r, s, log) -> {
                String name = PersonNames.join(r.text(s.get(0)), r.text(s.get(1)));
                if (name.isEmpty()) {
                    throw r.fail(s.get(1), "the contact has no name (fields '" + s.get(0) + "' and '" + s.get(1)
                            + "' are empty)");
                }
                return name;
            }).first()
            .pair("Street", TEXT, "mailingstreet")
            .pair("ZipCode", TEXT, "mailingzip")
            .pair("City", TEXT, "mailingcity")
            .pair("CountryKey", COUNTRY, "mailingcountry")
            .pair("Phone", null, "phone", "mobile").note("phone, else mobile").value((r, s, log) -> {
                String phone = r.text(s.get(0));
                return phone.isEmpty() ? r.text(s.get(1)) : phone;
            })
            .pair("Email", TEXT, "email").value((r, s, log) -> DineroRules.email(r, s.get(0)))
            .constant("IsPerson", true)
            .constant("IsMember", false)
            .constant("UseCvr", false);

    /** {@code mobile} is left alone: the phone-else-mobile rule only applies going to Dinero. */
    private static final DefaultRules<DineroRecord> TO_CRM = DefaultRules.toCrm()
            .pair("firstname", FIRST_NAME, "Name")
            .value((r, s, log) -> PersonNames.split(r.requiredText(s.get(0), "name")).firstname())
            .pair("lastname", LAST_NAME, "Name")
            .value((r, s, log) -> PersonNames.split(r.requiredText(s.get(0), "name")).lastname())
            .pair("mailingstreet", TEXT, "Street")
            .pair("mailingzip", TEXT, "ZipCode")
            .pair("mailingcity", TEXT, "City")
            .pair("mailingcountry", COUNTRY, "CountryKey")
            .pair("phone", TEXT, "Phone")
            .pair("email", TEXT, "Email");

    public Contacts() {
        super(SyncModule.CONTACTS);
    }

    @Override
    public List<FieldRule> defaultRules(Direction direction) {
        return direction == Direction.CRM_TO_DINERO ? TO_DINERO.list() : TO_CRM.list();
    }

    /** The default rules from a CRM contact to a Dinero person, which {@link ContactMapping} applies. */
    public DefaultRules<CrmRecord> toDinero() {
        return TO_DINERO;
    }

    /** The default rules from a Dinero person to a CRM contact, which {@link DineroPersonMapping} applies. */
    public DefaultRules<DineroRecord> toCrm() {
        return TO_CRM;
    }

    @Override
    public List<String> naturalKeys(boolean vatSynced) {
        return List.of("Email");
    }

    /** Anything but a company: a person, or a contact that does not say. */
    @Override
    public boolean fits(Map<String, ?> dineroRecord) {
        return !Boolean.FALSE.equals(dineroRecord.get("IsPerson"));
    }

    @Override
    public List<String> fitFields() {
        return List.of("IsPerson");
    }

    @Override
    public ListQuery narrow(ListQuery query) {
        return query.eq("IsPerson", true);
    }

    @Override
    public List<String> identifyingFields() {
        return List.of("lastname", "firstname", "email");
    }

    @Override
    public Set<String> crmMandatory() {
        return Set.of("lastname");
    }

    /** A contact is found by its last or first name. */
    @Override
    public List<String> crmNameFields() {
        return List.of("lastname", "firstname");
    }

    /** A contact is named by its Name in Dinero. */
    @Override
    public List<String> dineroNameFields() {
        return List.of("Name");
    }
}
