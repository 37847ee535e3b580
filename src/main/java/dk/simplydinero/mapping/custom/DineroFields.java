package dk.simplydinero.mapping.custom;

import dk.simplydinero.model.DineroResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Dinero fields a mapping file may name, per resource (docs/dinero-api.md): the ones a create or update sends
 * (targets of crm-to-dinero) and, in addition, the ones only reads return (sources of dinero-to-crm), the ones
 * Dinero requires, and the conversion that fits a field when a rule names none.
 */
public final class DineroFields {

    private static final Map<DineroResource, List<String>> WRITABLE = Map.of(
            DineroResource.CONTACTS, List.of("Name", "Street", "ZipCode", "City", "CountryKey", "Phone", "Email",
                    "Webpage", "AttPerson", "VatNumber", "EanNumber", "SENumber", "PNumber", "PaymentConditionType",
                    "PaymentConditionNumberOfDays", "IsPerson", "IsMember", "MemberNumber", "UseCvr",
                    "CompanyTypeKey", "InvoiceMailOutOptionKey", "PreferredInvoiceLanguageKey",
                    "PreferredInvoiceCurrencyKey", "ExternalReference"),
            DineroResource.PRODUCTS, List.of("Name", "ProductNumber", "BaseAmountValue", "Quantity", "AccountNumber",
                    "Unit", "Comment", "ExternalReference"),
            DineroResource.INVOICES, List.of("ContactGuid", "Date", "Currency", "Language", "Description", "Comment",
                    "ShowLinesInclVat", "PaymentConditionType", "PaymentConditionNumberOfDays", "Address",
                    "ProductLines", "ExternalReference"));

    private static final Map<DineroResource, List<String>> READ_ONLY = Map.of(
            DineroResource.CONTACTS, List.of("ContactGuid", "CreatedAt", "UpdatedAt", "DeletedAt", "IsDebitor",
                    "IsCreditor"),
            DineroResource.PRODUCTS, List.of("ProductGuid", "CreatedAt", "UpdatedAt", "DeletedAt"),
            DineroResource.INVOICES, List.of("Guid", "TimeStamp", "Number", "Status", "PaymentStatus", "PaymentDate",
                    "ContactName", "TotalExclVat", "TotalVat", "TotalInclVat", "TotalExclVatInDkk",
                    "TotalInclVatInDkk", "MailOutStatus", "CreatedAt", "UpdatedAt", "DeletedAt"));

    /**
     * Required on create (dinero-api.md). Invoices: the API marks no header field required; ContactGuid and
     * ProductLines cannot be mapped at all, Date is kept required (a draft without a date is no invoice);
     * Currency is not (Dinero defaults to DKK). Products: Name is added (the CRM requires a product name).
     */
    private static final Map<DineroResource, Set<String>> REQUIRED = Map.of(
            DineroResource.CONTACTS, Set.of("Name", "CountryKey", "IsPerson", "IsMember", "UseCvr"),
            DineroResource.PRODUCTS, Set.of("Name", "AccountNumber", "BaseAmountValue", "Quantity", "Unit"),
            DineroResource.INVOICES, Set.of("ContactGuid", "ProductLines", "Date"));

    private static final Set<String> DECIMALS = Set.of("BaseAmountValue", "Quantity", "AccountNumber",
            "PaymentConditionNumberOfDays", "TotalExclVat", "TotalVat", "TotalInclVat", "TotalExclVatInDkk",
            "TotalInclVatInDkk");

    private DineroFields() {
    }

    /** Fields a create or update of this resource sends, in documentation order. */
    public static List<String> writable(DineroResource resource) {
        return WRITABLE.get(resource);
    }

    /** Every field a read of this resource returns: the writable ones and the read-only ones. */
    public static List<String> readable(DineroResource resource) {
        List<String> all = new ArrayList<>(WRITABLE.get(resource));
        all.addAll(READ_ONLY.get(resource));
        return all;
    }

    public static boolean isRequired(DineroResource resource, String field) {
        return REQUIRED.get(resource).contains(field);
    }

    /** The conversion a rule gets when it names none, from the Dinero field on its one side. */
    public static Conversion defaultConversion(String dineroField) {
        switch (dineroField) {
            case "CountryKey":
                return Conversion.COUNTRY;
            case "Unit":
                return Conversion.UNIT;
            case "Date":
            case "PaymentDate":
                return Conversion.DATE;
            default:
                return DECIMALS.contains(dineroField) ? Conversion.DECIMAL : Conversion.TEXT;
        }
    }
}
