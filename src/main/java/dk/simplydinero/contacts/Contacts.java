package dk.simplydinero.contacts;

import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.DefaultRules;
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

    private static final List<FieldRule> TO_DINERO = DefaultRules.of()
            .externalReference()
            .pair("Name", JOIN, "firstname", "lastname")
            .pair("Street", TEXT, "mailingstreet")
            .pair("ZipCode", TEXT, "mailingzip")
            .pair("City", TEXT, "mailingcity")
            .pair("CountryKey", COUNTRY, "mailingcountry")
            .pair("Phone", null, "phone", "mobile").note("phone, else mobile")
            .pair("Email", TEXT, "email")
            .constant("IsPerson", true)
            .constant("IsMember", false)
            .constant("UseCvr", false)
            .list();

    /** {@code mobile} is left alone: the phone-else-mobile rule only applies going to Dinero. */
    private static final List<FieldRule> TO_CRM = DefaultRules.of()
            .pair("firstname", FIRST_NAME, "Name")
            .pair("lastname", LAST_NAME, "Name")
            .pair("mailingstreet", TEXT, "Street")
            .pair("mailingzip", TEXT, "ZipCode")
            .pair("mailingcity", TEXT, "City")
            .pair("mailingcountry", COUNTRY, "CountryKey")
            .pair("phone", TEXT, "Phone")
            .pair("email", TEXT, "Email")
            .list();

    public Contacts() {
        super(SyncModule.CONTACTS);
    }

    @Override
    public List<FieldRule> defaultRules(Direction direction) {
        return direction == Direction.CRM_TO_DINERO ? TO_DINERO : TO_CRM;
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
}
