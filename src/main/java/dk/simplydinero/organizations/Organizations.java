package dk.simplydinero.organizations;

import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.CrmRecord;
import dk.simplydinero.mapping.DefaultRules;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.mapping.DineroRules;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dk.simplydinero.mapping.custom.Conversion.COUNTRY;
import static dk.simplydinero.mapping.custom.Conversion.TEXT;

/**
 * Organizations: CRM Accounts ↔ Dinero contacts with {@code IsPerson=false}. Known by VAT number when VAT numbers are
 * synced at all (a CRM field holds them: {@code simplycrm.vat-field}) and the record has one, else by e-mail; a
 * Dinero company's VAT number the CRM cannot hold never keys it, or it would miss its CRM twin known only by e-mail.
 */
public class Organizations extends RecordType {

    private final DefaultRules<CrmRecord> toDinero;
    private final DefaultRules<DineroRecord> toCrm;
    private final String vatField;

    /** @param crm its {@code vatField} (e.g. {@code cf_853}) is paired with VatNumber; empty = no VatNumber */
    public Organizations(SimplyCrmProperties crm) {
        super(SyncModule.ORGANIZATIONS);
        String vat = crm.getVatField() == null ? "" : crm.getVatField().trim();
        this.vatField = vat;
        DefaultRules<CrmRecord> to = DefaultRules.toDinero()
                .externalReference()
                .pair("Name", TEXT, "accountname").value((r, s, log) -> r.requiredText(s.get(0), "the organization name"))
                .pair("Street", TEXT, "bill_street")
                .pair("ZipCode", TEXT, "bill_code")
                .pair("City", TEXT, "bill_city")
                .pair("CountryKey", COUNTRY, "bill_country")
                .pair("Phone", TEXT, "phone")
                .pair("Email", TEXT, "email1").value((r, s, log) -> DineroRules.email(r, s.get(0)))
                .pair("Webpage", TEXT, "website");
        DefaultRules<DineroRecord> back = DefaultRules.toCrm()
                .pair("accountname", TEXT, "Name").value((r, s, log) -> r.requiredText(s.get(0), "name"))
                .pair("bill_street", TEXT, "Street")
                .pair("bill_code", TEXT, "ZipCode")
                .pair("bill_city", TEXT, "City")
                .pair("bill_country", COUNTRY, "CountryKey")
                .pair("phone", TEXT, "Phone")
                .pair("email1", TEXT, "Email")
                .pair("website", TEXT, "Webpage");
        if (!vat.isEmpty()) {
            to.pair("VatNumber", TEXT, vat);
            back.pair(vat, TEXT, "VatNumber");
        }
        this.toDinero = to.constant("IsPerson", false).constant("IsMember", false).constant("UseCvr", false);
        this.toCrm = back;
    }

    /** The CRM field paired with VatNumber ({@code simplycrm.vat-field}); "" = none. */
    public String vatField() {
        return vatField;
    }

    @Override
    public List<FieldRule> defaultRules(Direction direction) {
        return direction == Direction.CRM_TO_DINERO ? toDinero.list() : toCrm.list();
    }

    /** The default rules from a CRM Account to a Dinero contact, which {@link OrganizationMapping} applies. */
    public DefaultRules<CrmRecord> toDinero() {
        return toDinero;
    }

    /** The default rules from a Dinero company to a CRM Account, which {@link DineroCompanyMapping} applies. */
    public DefaultRules<DineroRecord> toCrm() {
        return toCrm;
    }

    @Override
    public List<String> naturalKeys(boolean vatSynced) {
        return vatSynced ? List.of("VatNumber", "Email") : List.of("Email");
    }

    /** Anything but a person: a company, or a contact that does not say. */
    @Override
    public boolean fits(Map<String, ?> dineroRecord) {
        return !Boolean.TRUE.equals(dineroRecord.get("IsPerson"));
    }

    @Override
    public List<String> fitFields() {
        return List.of("IsPerson");
    }

    @Override
    public ListQuery narrow(ListQuery query) {
        return query.eq("IsPerson", false);
    }

    @Override
    public List<String> identifyingFields() {
        return List.of("accountname");
    }

    @Override
    public Set<String> crmMandatory() {
        return Set.of("accountname");
    }

    /** An organization is found by its name. */
    @Override
    public List<String> crmNameFields() {
        return List.of("accountname");
    }

    /** An organization is named by its Name in Dinero. */
    @Override
    public List<String> dineroNameFields() {
        return List.of("Name");
    }
}
