package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.INVOICES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.PRODUCTS;

/**
 * An invoice's stored fields: what a create or PUT body may hold (an existing contact and products, dates,
 * language, currency, payment condition, product lines with their errors named {@code ProductLines[i].Field}) and
 * the defaults Dinero fills in (today, DKK, da-DK, Netto 8 days, product lines in parts).
 *
 * <p>A credit note's body is an invoice's plus {@code CreditNoteFor}, the guid of the invoice it credits (the
 * model of the API reference and of public clients; the create itself is not documented). Inferred: it is required
 * and must be a live invoice of the organization (a booked one unless the knob
 * {@link DineroSimulator#creditNoteNeedsBookedInvoice} is off), and lines carry no negative amounts (Dinero's help: "Opret ikke
 * kreditnotaen med minusbeløb").
 */
final class DineroInvoiceFields {

    private final DineroStore store;
    private volatile boolean creditNoteNeedsBookedInvoice = true;

    DineroInvoiceFields(DineroStore store) {
        this.store = store;
    }

    void creditNoteNeedsBookedInvoice(boolean needs) {
        this.creditNoteNeedsBookedInvoice = needs;
    }

    /** The fields of an invoice ({@code type} invoices) or credit note to store from a create or PUT body; 400 (code 42) naming every bad field. */
    ObjectNode fromBody(DineroStore.Org org, String type, ObjectNode body) {
        DineroValidator v = new DineroValidator();
        ObjectNode f = NODES.objectNode();
        boolean creditNote = CREDIT_NOTES.equals(type);
        if (creditNote) {
            f.set("CreditNoteFor", v.text(body, "CreditNoteFor"));
            v.required(f, "CreditNoteFor");
            String invoice = f.path("CreditNoteFor").asText("");
            if (!invoice.isEmpty() && !exists(org, INVOICES, invoice)) {
                v.add("CreditNoteFor", "The invoice '" + invoice + "' does not exist.");
            } else if (!invoice.isEmpty() && creditNoteNeedsBookedInvoice
                    && !DineroStore.table(org, INVOICES).get(invoice).booked) {
                v.add("CreditNoteFor", "The invoice '" + invoice + "' is a draft: only a booked invoice can be credited.");
            }
        }
        f.set("ContactGuid", v.text(body, "ContactGuid"));
        for (String name : List.of("Date", "Currency", "Language", "ExternalReference", "Description", "Comment",
                "PaymentConditionType", "Address")) {
            f.set(name, v.text(body, name));
        }
        f.set("ShowLinesInclVat", v.bool(body, "ShowLinesInclVat"));
        f.set("PaymentConditionNumberOfDays", v.integer(body, "PaymentConditionNumberOfDays"));
        v.required(f, "ContactGuid");
        String contact = f.path("ContactGuid").asText("");
        if (!contact.isEmpty() && !exists(org, CONTACTS, contact)) {
            v.add("ContactGuid", "The contact '" + contact + "' does not exist.");
        }
        v.date(f, "Date");
        v.maxLength(f, "ExternalReference", 128);
        v.oneOf(f, "Language", Set.of("da-DK", "en-GB"), "The Language must be da-DK or en-GB.");
        String currency = f.path("Currency").asText("");
        if (!currency.isEmpty() && !currency.matches("[A-Z]{3}")) {
            v.add("Currency", "The Currency '" + currency + "' is not a valid currency code.");
        }
        v.oneOf(f, "PaymentConditionType", DineroContacts.PAYMENT_CONDITIONS, "The PaymentConditionType '{}' is not valid.");
        String condition = f.path("PaymentConditionType").asText("");
        if (("NettoCash".equals(condition) || "Paid".equals(condition)) && !f.get("PaymentConditionNumberOfDays").isNull()) {
            v.add("PaymentConditionNumberOfDays", "PaymentConditionNumberOfDays must be empty for " + condition + ".");
        }
        ArrayNode lines = NODES.arrayNode();
        JsonNode rawLines = body.get("ProductLines");
        if (rawLines != null && !rawLines.isNull() && !rawLines.isArray()) {
            v.add("ProductLines", "The ProductLines must be a list.");
        } else if (rawLines != null) {
            for (int i = 0; i < rawLines.size(); i++) {
                lines.add(line(org, rawLines.get(i), "ProductLines[" + i + "].", creditNote, v));
            }
        }
        f.set("ProductLines", lines);
        v.throwIfAny();
        return complete(f);
    }

    private static ObjectNode line(DineroStore.Org org, JsonNode raw, String prefix, boolean creditNote, DineroValidator v) {
        ObjectNode l = NODES.objectNode();
        if (!raw.isObject()) {
            v.add(prefix.substring(0, prefix.length() - 1), "A product line must be an object.");
            return l;
        }
        ObjectNode body = (ObjectNode) raw;
        DineroValidator lv = new DineroValidator();
        for (String name : List.of("ProductGuid", "Description", "Comments", "Unit", "LineType")) {
            l.set(name, lv.text(body, name));
        }
        l.set("Quantity", lv.decimal(body, "Quantity"));
        l.set("AccountNumber", lv.integer(body, "AccountNumber"));
        l.set("Discount", lv.decimal(body, "Discount"));
        l.set("BaseAmountValue", lv.decimal(body, "BaseAmountValue"));
        lv.required(l, "BaseAmountValue", "Quantity", "AccountNumber", "Discount");
        lv.oneOf(l, "Unit", DineroProducts.UNITS, "The Unit '{}' is not valid.");
        lv.oneOf(l, "LineType", Set.of("Product", "Text"), "The LineType must be Product or Text.");
        String product = l.path("ProductGuid").asText("");
        if (!product.isEmpty() && !exists(org, PRODUCTS, product)) {
            lv.add("ProductGuid", "The product '" + product + "' does not exist.");
        }
        if (l.get("Discount").isNumber()
                && (l.get("Discount").decimalValue().signum() < 0 || l.get("Discount").decimalValue().compareTo(BigDecimal.valueOf(100)) > 0)) {
            lv.add("Discount", "The Discount must be between 0 and 100.");
        }
        if (creditNote) {
            for (String amount : List.of("Quantity", "BaseAmountValue")) {
                if (l.get(amount).isNumber() && l.get(amount).decimalValue().signum() < 0) {
                    lv.add(amount, "The " + amount + " of a credit note cannot be negative.");
                }
            }
        }
        lv.errors.forEach((k, msg) -> v.add(prefix + k, msg));
        return l;
    }

    private static boolean exists(DineroStore.Org org, String type, String guid) {
        DineroStore.Rec rec = DineroStore.table(org, type).get(guid);
        return rec != null && rec.deletedAt == null;
    }

    /** Fills defaults and computed amounts of an invoice's stored fields. */
    ObjectNode complete(ObjectNode f) {
        LocalDate today = LocalDate.now(store.clock());
        if (!f.hasNonNull("Date") || f.get("Date").asText().isEmpty()) {
            f.put("Date", today.toString());
        }
        if (!f.hasNonNull("Currency") || f.get("Currency").asText().isEmpty()) {
            f.put("Currency", "DKK");
        }
        if (!f.hasNonNull("Language") || f.get("Language").asText().isEmpty()) {
            f.put("Language", "da-DK");
        }
        if (!f.hasNonNull("PaymentConditionType") || f.get("PaymentConditionType").asText().isEmpty()) {
            f.put("PaymentConditionType", "Netto");
        }
        String condition = f.get("PaymentConditionType").asText();
        if (("Netto".equals(condition) || "CurrentMonthOut".equals(condition)) && !f.hasNonNull("PaymentConditionNumberOfDays")) {
            f.put("PaymentConditionNumberOfDays", 8);
        }
        if (!f.hasNonNull("ShowLinesInclVat")) {
            f.put("ShowLinesInclVat", false);
        }
        if (!f.has("ProductLines") || !f.get("ProductLines").isArray()) {
            f.set("ProductLines", NODES.arrayNode());
        }
        for (JsonNode line : f.get("ProductLines")) {
            ObjectNode l = (ObjectNode) line;
            if (!l.hasNonNull("LineType")) {
                l.put("LineType", "Product");
            }
            if (!l.hasNonNull("Unit")) {
                l.put("Unit", "parts");
            }
        }
        return f;
    }
}
