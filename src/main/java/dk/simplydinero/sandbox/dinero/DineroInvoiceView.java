package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static dk.simplydinero.sandbox.dinero.DineroAmounts.plain;
import static dk.simplydinero.sandbox.dinero.DineroAmounts.vat;
import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;

/**
 * How an invoice is answered: whole (with its contact's name, due date, line and invoice totals) and as a list row,
 * which differs in Dinero's traps: a draft's {@code Number} is {@code Long.MAX_VALUE} and {@code Status} carries the
 * payment state (unless the {@code listStatusShowsBookingOnly} knob is on).
 *
 * <p>A credit note is answered as an invoice is, plus {@code CreditNoteFor} (documented on its GET). Inferred: its
 * {@code Status} is only {@code Draft} or {@code Booked} (the simulator keeps no refunds), and its list rows share the
 * invoice rows' traps, with {@code Type} {@code CreditNote} (a default list field the reference names but does not
 * describe).
 */
final class DineroInvoiceView {

    static final List<String> LINE_FIELDS = List.of("ProductGuid", "Description", "Comments", "Quantity",
            "AccountNumber", "Unit", "Discount", "LineType", "BaseAmountValue");
    static final List<String> INVOICE_LIST_FIELDS = List.of("Number", "Guid", "ContactName", "Date", "PaymentDate",
            "Description", "Currency", "Status", "MailOutStatus", "TotalExclVatInDkk", "TotalInclVatInDkk",
            "TotalExclVat", "TotalInclVat", "CreatedAt", "UpdatedAt", "DeletedAt");
    /**
     * What an invoice list row can hold at all, whatever {@code fields} asks for: the list's model as Dinero's API
     * reference names its {@code fields} ("Number, Guid, ExternalReference, ContactName, ContactGuid, Date,
     * PaymentDate, Description, Currency, Status, MailOutStatus, LatestMailOutType, TotalExclVatInDkk,
     * TotalInclVatInDkk, TotalExclVat, TotalInclVat, CreatedAt, UpdatedAt and DeletedAt", quoted alike by client
     * libraries). No lines: those come from a GET of the invoice. Two names outside that list are served when asked,
     * as the evidence is mixed: TimeStamp (a widely used client library asks lists for it), and PaymentStatus (with
     * {@code listStatusShowsBookingOnly} on, itself unconfirmed, the only way a list could show a payment; a sync that
     * asks for it reads Status when it is absent).
     */
    static final List<String> INVOICE_LIST_MODEL = List.of("Number", "Guid", "ExternalReference", "ContactName",
            "ContactGuid", "Date", "PaymentDate", "Description", "Currency", "Status", "MailOutStatus",
            "LatestMailOutType", "TotalExclVatInDkk", "TotalInclVatInDkk", "TotalExclVat", "TotalInclVat", "CreatedAt",
            "UpdatedAt", "DeletedAt", "TimeStamp", "PaymentStatus");
    /** A credit-note list row without {@code fields}: the API reference's default. */
    static final List<String> CREDIT_NOTE_LIST_FIELDS = List.of("Guid", "ContactName", "Date", "Description", "Type");
    /**
     * What a credit-note list row can hold: the reference's allowed {@code fields} ("Number, Guid, ExternalReference,
     * ContactName, ContactGuid, Date, PaymentDate, Description, Currency, Status, MailOutStatus, TotalExclVatInDkk,
     * TotalInclVatInDkk, TotalExclVat, TotalInclVat, CreatedAt, UpdatedAt and DeletedAt"), its default's Type, and
     * TimeStamp, which a public client asks for as it does for invoices. Not {@code CreditNoteFor}: only a GET of the
     * credit note tells which invoice it credits.
     */
    static final List<String> CREDIT_NOTE_LIST_MODEL = List.of("Number", "Guid", "ExternalReference", "ContactName",
            "ContactGuid", "Date", "PaymentDate", "Description", "Currency", "Status", "MailOutStatus",
            "TotalExclVatInDkk", "TotalInclVatInDkk", "TotalExclVat", "TotalInclVat", "CreatedAt", "UpdatedAt",
            "DeletedAt", "Type", "TimeStamp");

    private final DineroStore store;
    private final DineroRendering rendering;
    private volatile boolean listStatusShowsBookingOnly;

    DineroInvoiceView(DineroStore store, DineroRendering rendering) {
        this.store = store;
        this.rendering = rendering;
    }

    void listStatusShowsBookingOnly(boolean bookingOnly) {
        this.listStatusShowsBookingOnly = bookingOnly;
    }

    /** The list fields answered when a request names none, and the ones it may name (others are left out). */
    static List<String> listDefaults(String type) {
        return CREDIT_NOTES.equals(type) ? CREDIT_NOTE_LIST_FIELDS : INVOICE_LIST_FIELDS;
    }

    static List<String> listModel(String type) {
        return CREDIT_NOTES.equals(type) ? CREDIT_NOTE_LIST_MODEL : INVOICE_LIST_MODEL;
    }

    ObjectNode render(DineroStore.Org org, String type, DineroStore.Rec rec) {
        ObjectNode f = rec.fields();
        ObjectNode o = NODES.objectNode();
        o.put("Guid", rec.guid);
        if (CREDIT_NOTES.equals(type)) {
            o.set("CreditNoteFor", f.get("CreditNoteFor"));
        }
        o.put("TimeStamp", rec.timestamp);
        if (rec.booked) {
            o.put("Number", rec.number);
        } else {
            o.putNull("Number");
        }
        o.put("Status", rec.booked ? "Booked" : "Draft");
        o.put("PaymentStatus", status(type, rec));
        o.set("ContactGuid", f.get("ContactGuid"));
        DineroStore.Rec contact = DineroStore.table(org, CONTACTS).get(f.path("ContactGuid").asText(""));
        o.set("ContactName", contact == null ? NODES.nullNode() : contact.fields().get("Name"));
        o.set("Date", f.get("Date"));
        o.put("PaymentDate", paymentDate(f).toString());
        for (String name : List.of("Description", "Comment", "ExternalReference", "Currency", "Language",
                "ShowLinesInclVat", "PaymentConditionType", "PaymentConditionNumberOfDays", "Address")) {
            o.set(name, DineroRendering.empty(name, f.get(name)));
        }
        ArrayNode lines = o.putArray("ProductLines");
        for (JsonNode line : f.get("ProductLines")) {
            ObjectNode l = NODES.objectNode();
            for (String name : LINE_FIELDS) {
                l.set(name, DineroRendering.empty(name, line.get(name)));
            }
            BigDecimal total = DineroAmounts.lineTotal(line);
            l.put("TotalAmount", plain(total));
            l.put("TotalAmountInclVat", plain(total.add(vat(total))));
            lines.add(l);
        }
        BigDecimal excl = DineroAmounts.totalExclVat(f);
        o.put("TotalExclVat", plain(excl));
        o.put("TotalVat", plain(vat(excl)));
        o.put("TotalInclVat", plain(excl.add(vat(excl))));
        o.put("TotalExclVatInDkk", plain(excl));
        o.put("TotalInclVatInDkk", plain(excl.add(vat(excl))));
        o.put("MailOutStatus", "NotSent");
        rendering.dates(o, rec);
        return o;
    }

    /** A list row: a draft has no number yet and shows Long.MAX_VALUE; Status carries the payment state. */
    ObjectNode listRow(DineroStore.Org org, String type, DineroStore.Rec rec) {
        ObjectNode o = render(org, type, rec);
        o.put("Number", rec.booked ? rec.number : DineroSimulator.DRAFT_NUMBER);
        o.put("Status", listStatusShowsBookingOnly ? (rec.booked ? "Booked" : "Draft") : status(type, rec));
        if (CREDIT_NOTES.equals(type)) {
            o.put("Type", "CreditNote");
        }
        return o;
    }

    /** Draft, Booked, Paid, OverPaid or Overdue: what {@code statusFilter} matches; a credit note is Draft or Booked. */
    String status(String type, DineroStore.Rec rec) {
        if (!rec.booked) {
            return "Draft";
        }
        if (CREDIT_NOTES.equals(type)) {
            return "Booked";
        }
        BigDecimal total = DineroAmounts.totalInclVat(rec.fields());
        int cmp = DineroAmounts.paid(rec).compareTo(total);
        if (cmp > 0) {
            return "OverPaid";
        }
        if (cmp == 0) {
            return "Paid";
        }
        return paymentDate(rec.fields()).isBefore(LocalDate.now(store.clock())) ? "Overdue" : "Booked";
    }

    private static LocalDate paymentDate(ObjectNode f) {
        LocalDate date = LocalDate.parse(f.get("Date").asText());
        int days = f.path("PaymentConditionNumberOfDays").asInt(0);
        return switch (f.path("PaymentConditionType").asText("Netto")) {
            case "CurrentMonthOut" -> date.withDayOfMonth(date.lengthOfMonth()).plusDays(days);
            case "NettoCash", "Paid" -> date;
            default -> date.plusDays(days);
        };
    }
}
