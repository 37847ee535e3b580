package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;

import java.time.LocalDate;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroAnswers.validation;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CREDIT_NOTES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.INVOICES;

/**
 * An invoice's life cycle: drafts created and replaced (PUT on v1.2) under the optimistic {@code Timestamp}
 * (code 58 when stale), deleted while drafts, and booked once, which gives them a number and freezes them.
 *
 * <p>A credit note ({@code type} {@link DineroSimulator#CREDIT_NOTES}) lives the same life (documented: book with
 * {@code Timestamp} and optional {@code Number}, no delete once booked), except that no update is documented for it.
 * Inferred: invoices and credit notes draw their numbers from one series, as Dinero's own numbering setting is one.
 */
final class DineroInvoices {

    private final DineroStore store;
    private final DineroInvoiceFields fields;
    private final DineroPayments payments;
    private volatile boolean bookingLeavesUpdatedAtAlone;
    private volatile boolean creditNoteBookingPaysInvoice;

    DineroInvoices(DineroStore store, DineroInvoiceFields fields, DineroPayments payments) {
        this.store = store;
        this.fields = fields;
        this.payments = payments;
    }

    void creditNoteBookingPaysInvoice(boolean pays) {
        this.creditNoteBookingPaysInvoice = pays;
    }

    void bookingLeavesUpdatedAtAlone(boolean alone) {
        this.bookingLeavesUpdatedAtAlone = alone;
    }

    /** What a message calls a record of {@code type}. */
    static String noun(String type) {
        return CREDIT_NOTES.equals(type) ? "credit note" : "invoice";
    }

    SimResponse create(DineroStore.Org org, String type, SimRequest r) {
        ObjectNode stored = fields.fromBody(org, type, DineroValidator.body(r));
        DineroStore.Rec rec = store.insert(org, type, stored, store.nextTimestamp());
        return DineroAnswers.json(201, versionAnswer(rec));
    }

    SimResponse update(DineroStore.Org org, String guid, SimRequest r) {
        DineroStore.Rec rec = DineroStore.live(org, INVOICES, guid);
        ObjectNode body = DineroValidator.body(r);
        if (rec.booked) {
            throw validation("Timestamp", "The invoice is booked and can no longer be changed.");
        }
        checkTimestamp(rec, body);
        rec.fields(fields.fromBody(org, INVOICES, body));
        rec.timestamp = store.nextTimestamp();
        rec.updatedAt = store.now();
        return DineroAnswers.json(200, versionAnswer(rec));
    }

    SimResponse delete(DineroStore.Org org, String type, String guid) {
        DineroStore.Rec rec = DineroStore.live(org, type, guid);
        if (rec.booked) {
            throw validation("Guid", "A booked " + noun(type) + " cannot be deleted.");
        }
        store.markDeleted(rec);
        rec.timestamp = store.nextTimestamp();
        return SimResponse.empty(200);
    }

    /** {@code POST …/book}: an optional {@code Number} must be positive and not used by another booked voucher. */
    SimResponse book(DineroStore.Org org, String type, String guid, SimRequest r) {
        DineroStore.Rec rec = DineroStore.live(org, type, guid);
        ObjectNode body = DineroValidator.body(r);
        if (rec.booked) {
            throw validation("Guid", "The " + noun(type) + " is already booked.");
        }
        checkTimestamp(rec, body);
        Long number = null;
        JsonNode n = body.get("Number");
        if (n != null && !n.isNull()) {
            if (!n.canConvertToLong() || n.asLong() < 1) {
                throw validation("Number", "The Number must be a positive whole number.");
            }
            number = n.asLong();
            for (String series : new String[]{INVOICES, CREDIT_NOTES}) {
                for (DineroStore.Rec other : DineroStore.table(org, series).values()) {
                    if (other.booked && number.equals(other.number)) {
                        throw validation("Number", "The Number " + number + " is already used by another " + noun(series) + ".");
                    }
                }
            }
        }
        book(org, type, rec, number);
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", rec.guid);
        answer.put("Number", rec.number);
        answer.put("TimeStamp", rec.timestamp);
        return DineroAnswers.json(200, answer);
    }

    /** Books a draft with the given number, or the next after the highest used; whether UpdatedAt moves is the knob's. */
    void book(DineroStore.Org org, String type, DineroStore.Rec rec, Long number) {
        boolean hasProductLine = false;
        for (JsonNode line : rec.fields().path("ProductLines")) {
            hasProductLine |= !"Text".equals(line.path("LineType").asText());
        }
        if (!hasProductLine) {
            throw validation("ProductLines", (INVOICES.equals(type) ? "An " : "A ") + noun(type)
                    + " needs at least one product line to be booked.");
        }
        long assigned = number != null ? number : org.lastNumber + 1;
        org.lastNumber = Math.max(org.lastNumber, assigned);
        rec.booked = true;
        rec.number = assigned;
        rec.timestamp = store.nextTimestamp();
        if (!bookingLeavesUpdatedAtAlone) {
            rec.updatedAt = store.now();
        }
        if (CREDIT_NOTES.equals(type) && creditNoteBookingPaysInvoice) {
            DineroStore.Rec credited = DineroStore.table(org, INVOICES).get(rec.fields().path("CreditNoteFor").asText());
            if (credited != null && credited.deletedAt == null) {
                payments.credit(credited, DineroAmounts.totalInclVat(rec.fields()),
                        LocalDate.parse(rec.fields().path("Date").asText()), "Kreditnota " + rec.number);
            }
        }
    }

    /** A change names the version it read in {@code Timestamp}: missing is 400 (42), stale is 400 (58). */
    static void checkTimestamp(DineroStore.Rec rec, ObjectNode body) {
        JsonNode ts = body.get("Timestamp");
        if (ts == null || ts.isNull() || ts.asText().isBlank()) {
            throw validation("Timestamp", "The Timestamp is required.");
        }
        if (!ts.asText().equals(rec.timestamp)) {
            throw DineroAnswers.error(400, 58, "The timestamp is outdated: the record was changed since you read it. Fetch it again and retry.");
        }
    }

    private static ObjectNode versionAnswer(DineroStore.Rec rec) {
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", rec.guid);
        answer.put("TimeStamp", rec.timestamp);
        return answer;
    }
}
