package dk.simplydinero.invoices;

import dk.simplydinero.mapping.DefaultRules;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dk.simplydinero.mapping.custom.Conversion.DATE;
import static dk.simplydinero.mapping.custom.Conversion.TEXT;

/**
 * Invoices: CRM Invoice (with its {@code LineItems}) ↔ Dinero invoices (with their {@code ProductLines}): drafts go
 * to Dinero, status and money come back. Never recognised by content: an invoice is linked only by the sync.
 */
public class Invoices extends RecordType {

    private static final List<FieldRule> TO_DINERO = DefaultRules.computedByCode()
            .externalReference()
            .pair("ContactGuid", null, "account_id", "contact_id")
            .note("the linked Dinero contact of account_id or contact_id (sync.invoice-contact); cannot be changed")
            .pair("Date", DATE, "invoicedate")
            .pair("Currency", null, "currency_id").note("ISO code of the CRM currency; none: DKK")
            .constant("Language", "da-DK")
            .pair("Description", TEXT, "subject")
            .constant("PaymentConditionType", "Netto").note("when duedate is set")
            .pair("PaymentConditionNumberOfDays", null, "invoicedate", "duedate").note("duedate - invoicedate")
            .pair("ProductLines", null, "LineItems").note("the line items; cannot be changed")
            .list();

    private static final String HEADER_ONLY = "only invoice header fields can be mapped: ";
    private static final String CUSTOMER = "the linked CRM customer (sync.invoice-contact); cannot be changed";
    private static final String STREET = "the customer's address, else the invoice's Address, else '-'";

    private static final List<FieldRule> TO_CRM = DefaultRules.computedByCode()
            .pair("subject", null, "Description", "Number")
            .note("Description, else 'Faktura <Number>' (a booked invoice); a draft without one fails")
            .pair("account_id", null, "ContactGuid").note(CUSTOMER)
            .pair("contact_id", null, "ContactGuid").note(CUSTOMER)
            .pair("invoicedate", DATE, "Date")
            .pair("duedate", null, "PaymentDate", "Date", "PaymentConditionNumberOfDays", "PaymentConditionType")
            .note("PaymentDate, else Date + PaymentConditionNumberOfDays")
            .pair("currency_id", null, "Currency").note("the CRM currency of that ISO code; none: DKK")
            .pair("invoicestatus", null, "PaymentStatus", "Status")
            .note("Draft: Created, Booked/Overdue: Approved, Paid/OverPaid: Paid")
            .pair("received", null, "PaidAmount").note("from the payments")
            .pair("balance", null, "RemainingAmount", "TotalInclVat").note("from the payments, else TotalInclVat - received")
            .pair("bill_street", null, "Address").note(STREET)
            .pair("ship_street", null, "Address").note(STREET)
            .pair("LineItems", null, "ProductLines").note("the product lines; cannot be changed")
            .list();

    public Invoices() {
        super(SyncModule.INVOICES);
    }

    @Override
    public List<FieldRule> defaultRules(Direction direction) {
        return direction == Direction.CRM_TO_DINERO ? TO_DINERO : TO_CRM;
    }

    /**
     * Left out of a CRM line: its {@code product_name}, the description of a line without a comment. It is not the
     * invoice's own value but its product's name as the CRM renders it at each read, so a renamed product would make
     * every invoice read after it look edited (and win a conflict with crm-first); the product's own sync carries the
     * new name.
     */
    @Override
    public List<String> lineFields(Direction direction) {
        return direction == Direction.CRM_TO_DINERO
                ? List.of("productid", "entity_type", "sequence_no", "quantity", "listprice", "discount_amount",
                        "discount_percent", "comment")
                : List.of("LineType", "ProductGuid", "Quantity", "BaseAmountValue", "Discount", "Description");
    }

    /**
     * Dinero → CRM: the customer's address parts beside its street (bill_street/ship_street), the first line's product
     * as the invoice's {@code productid} and the tax type {@code group}, which the CRM needs to take the lines' totals.
     */
    @Override
    protected Set<String> alsoWritten(Direction direction) {
        return direction == Direction.DINERO_TO_CRM
                ? Set.of("bill_code", "bill_city", "bill_country", "ship_code", "ship_city", "ship_country",
                        "productid", "hdnTaxType")
                : Set.of();
    }

    /** Only an invoice's header can be mapped: its customer and lines are the sync's own. */
    @Override
    public Map<String, String> fixedTargets(Direction direction) {
        return direction == Direction.CRM_TO_DINERO
                ? Map.of("ContactGuid", HEADER_ONLY + "the customer (ContactGuid) is the linked organization or contact"
                                + " (sync.invoice-contact)",
                        "ProductLines", HEADER_ONLY + "ProductLines come from the invoice's line items")
                : Map.of("account_id", HEADER_ONLY + "the customer (account_id) is the CRM record linked to the Dinero"
                                + " contact",
                        "contact_id", HEADER_ONLY + "the customer (contact_id) is the CRM record linked to the Dinero"
                                + " contact",
                        "LineItems", HEADER_ONLY + "LineItems come from the invoice's ProductLines");
    }

    @Override
    public Map<String, String> fixedSources(Direction direction) {
        return direction == Direction.CRM_TO_DINERO
                ? Map.of("LineItems", HEADER_ONLY + "LineItems are the invoice lines, synced as ProductLines")
                : Map.of("ProductLines", HEADER_ONLY + "ProductLines are the invoice lines, synced as LineItems");
    }

    @Override
    public List<String> naturalKeys(boolean vatSynced) {
        return List.of();
    }

    /** An invoice is read whole (with its lines and payments) only when it changed: the list gives ids and times. */
    @Override
    public List<String> feedFields() {
        // The payment state too: a row showing the version and state already synced is not read again (DineroToCrm).
        return List.of(module().dineroResource().idField(), "UpdatedAt", "DeletedAt", "Status", "PaymentStatus");
    }

    @Override
    public boolean feedReadsWhole() {
        return true;
    }

    @Override
    public List<String> identifyingFields() {
        return List.of("subject", "account_id", "contact_id", "invoicedate");
    }

    @Override
    public Set<String> crmMandatory() {
        return Set.of("subject", "bill_street", "ship_street");
    }

    /** An invoice is found by its subject. */
    @Override
    public List<String> crmNameFields() {
        return List.of("subject");
    }

    /** An invoice is named by its number (once booked) and its customer in Dinero. */
    @Override
    public List<String> dineroNameFields() {
        return List.of("Number", "ContactName");
    }

    /** A draft's number is no number: it is left out of the name. */
    @Override
    public String dineroName(Map<String, ?> invoice) {
        if (invoice != null && !numbered(invoice.get("Number"))) {
            Map<String, Object> withoutNumber = new java.util.HashMap<>(invoice);
            withoutNumber.remove("Number");
            return super.dineroName(withoutNumber);
        }
        return super.dineroName(invoice);
    }

    /** Whether a Dinero invoice's Number is a real one: a draft has none or Long.MAX_VALUE ("no number yet"). */
    public static boolean numbered(Object number) {
        return number != null && !number.toString().isBlank() && !String.valueOf(Long.MAX_VALUE).equals(number.toString());
    }
}
