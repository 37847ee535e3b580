package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;

/**
 * Dinero's contact: the fields it accepts and checks (required flags, ISO country, payment condition, e-mail shape,
 * Netto 8 days when a create names no condition) and how it is answered (always a debitor).
 */
final class DineroContacts implements DineroRecordRules {

    static final List<String> CONTACT_FIELDS = List.of("ExternalReference", "Name", "Street", "ZipCode", "City",
            "CountryKey", "Phone", "Email", "Webpage", "AttPerson", "VatNumber", "EanNumber", "SENumber", "PNumber",
            "PaymentConditionType", "PaymentConditionNumberOfDays", "IsPerson", "IsMember", "MemberNumber", "UseCvr",
            "CompanyTypeKey", "InvoiceMailOutOptionKey", "PreferredInvoiceLanguageKey", "PreferredInvoiceCurrencyKey");
    static final Set<String> PAYMENT_CONDITIONS = Set.of("Netto", "NettoCash", "CurrentMonthOut", "Paid");
    static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final DineroRendering rendering;

    DineroContacts(DineroRendering rendering) {
        this.rendering = rendering;
    }

    @Override
    public String guidField() {
        return "ContactGuid";
    }

    @Override
    public ObjectNode fields(ObjectNode body, boolean create) {
        DineroValidator v = new DineroValidator();
        ObjectNode f = NODES.objectNode();
        for (String name : List.of("ExternalReference", "Name", "Street", "ZipCode", "City", "CountryKey", "Phone",
                "Email", "Webpage", "AttPerson", "VatNumber", "EanNumber", "SENumber", "PNumber", "PaymentConditionType",
                "MemberNumber", "CompanyTypeKey", "InvoiceMailOutOptionKey", "PreferredInvoiceLanguageKey",
                "PreferredInvoiceCurrencyKey")) {
            f.set(name, v.text(body, name));
        }
        for (String name : List.of("IsPerson", "IsMember", "UseCvr")) {
            f.set(name, v.bool(body, name));
        }
        f.set("PaymentConditionNumberOfDays", v.integer(body, "PaymentConditionNumberOfDays"));
        v.required(f, "Name", "CountryKey", "IsPerson", "IsMember", "UseCvr");
        v.maxLength(f, "ExternalReference", 128);
        v.oneOf(f, "CountryKey", COUNTRIES, "The CountryKey '{}' is not a valid ISO 3166-1 alpha-2 country code.");
        v.oneOf(f, "PaymentConditionType", PAYMENT_CONDITIONS, "The PaymentConditionType '{}' is not valid.");
        String email = f.path("Email").asText("");
        if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            v.add("Email", "The Email '" + email + "' is not a valid e-mail address.");
        }
        v.throwIfAny();
        if (create && f.get("PaymentConditionType").isNull()) {
            f.put("PaymentConditionType", "Netto");
            if (f.get("PaymentConditionNumberOfDays").isNull()) {
                f.put("PaymentConditionNumberOfDays", 8);
            }
        }
        return DineroRecordRules.compact(f);
    }

    @Override
    public ObjectNode render(DineroStore.Rec rec) {
        ObjectNode o = NODES.objectNode();
        o.put("ContactGuid", rec.guid);
        rendering.dates(o, rec);
        o.put("IsDebitor", true);
        o.put("IsCreditor", false);
        ObjectNode f = rec.fields();
        for (String name : CONTACT_FIELDS) {
            o.set(name, DineroRendering.empty(name, f.get(name)));
        }
        return o;
    }
}
