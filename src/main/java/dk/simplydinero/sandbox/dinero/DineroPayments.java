package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroAmounts.plain;

/**
 * Payments on booked invoices ({@code …/invoices/{guid}/payments}): registering one is a new version of the invoice
 * (new {@code TimeStamp}; whether {@code UpdatedAt} moves is a knob, since nothing documents it), and the list
 * answers what is paid and what remains.
 */
final class DineroPayments {

    private final DineroStore store;
    private volatile boolean leaveUpdatedAtAlone;
    private volatile boolean withoutAmounts;

    DineroPayments(DineroStore store) {
        this.store = store;
    }

    void leaveUpdatedAtAlone(boolean alone) {
        this.leaveUpdatedAtAlone = alone;
    }

    void withoutAmounts(boolean without) {
        this.withoutAmounts = without;
    }

    /** {@code GET …/payments}. */
    ObjectNode of(DineroStore.Rec rec) {
        ObjectNode out = NODES.objectNode();
        ArrayNode payments = out.putArray("Payments");
        rec.payments.forEach(payments::add);
        if (withoutAmounts) {
            return out;
        }
        BigDecimal paid = DineroAmounts.paid(rec);
        out.put("PaidAmount", plain(paid));
        out.put("RemainingAmount", plain(DineroAmounts.totalInclVat(rec.fields()).subtract(paid)));
        return out;
    }

    /** {@code POST …/payments}: on a booked invoice, at its current {@code Timestamp}, with a non-zero amount. */
    SimResponse create(DineroStore.Rec rec, SimRequest r) {
        ObjectNode body = DineroValidator.body(r);
        if (!rec.booked) {
            throw DineroAnswers.validation("Guid", "Payments can only be registered on booked invoices.");
        }
        DineroInvoices.checkTimestamp(rec, body);
        DineroValidator v = new DineroValidator();
        ObjectNode p = NODES.objectNode();
        p.put("Guid", UUID.randomUUID().toString());
        p.set("DepositAccountNumber", v.integer(body, "DepositAccountNumber"));
        p.set("ExternalReference", v.text(body, "ExternalReference"));
        p.set("PaymentDate", v.text(body, "PaymentDate"));
        p.set("Description", v.text(body, "Description"));
        p.set("Amount", v.decimal(body, "Amount"));
        v.required(p, "DepositAccountNumber", "PaymentDate", "Amount");
        v.maxLength(p, "ExternalReference", 128);
        v.date(p, "PaymentDate");
        if (p.get("Amount").isNumber() && p.get("Amount").decimalValue().signum() == 0) {
            v.add("Amount", "The Amount cannot be 0.");
        }
        v.throwIfAny();
        p.set("AmountInForeignCurrency", p.get("Amount"));
        register(rec, p);
        ObjectNode answer = NODES.objectNode();
        answer.put("Guid", p.get("Guid").asText());
        answer.put("TimeStamp", rec.timestamp);
        return DineroAnswers.json(201, answer);
    }

    /** A payment as a Dinero user registers it in the app (bank account 55000). */
    void add(DineroStore.Rec rec, BigDecimal amount, LocalDate date) {
        register(rec, payment(55000, amount, date, "Indbetaling"));
    }

    /** The payment a booked credit note leaves on the invoice it credits (knob creditNoteBookingPaysInvoice): no bank account. */
    void credit(DineroStore.Rec rec, BigDecimal amount, LocalDate date, String description) {
        register(rec, payment(null, amount, date, description));
    }

    private static ObjectNode payment(Integer depositAccount, BigDecimal amount, LocalDate date, String description) {
        ObjectNode p = NODES.objectNode();
        p.put("Guid", UUID.randomUUID().toString());
        p.put("DepositAccountNumber", depositAccount);
        p.putNull("ExternalReference");
        p.put("PaymentDate", date.toString());
        p.put("Description", description);
        p.put("Amount", amount);
        p.put("AmountInForeignCurrency", amount);
        return p;
    }

    /**
     * A payment deleted as a Dinero user deletes it in the app: it disappears from the list (inferred: nothing
     * documents a trace of deleted payments), and the invoice gets a new version as when one is registered.
     */
    void delete(DineroStore.Rec rec, String paymentGuid) {
        if (!rec.payments.removeIf(p -> paymentGuid.equals(p.path("Guid").asText()))) {
            throw new IllegalArgumentException("No payment " + paymentGuid + " on invoice " + rec.guid);
        }
        newVersion(rec);
    }

    /** A payment is a new version of the invoice; whether it moves UpdatedAt is the knob's. */
    private void register(DineroStore.Rec rec, ObjectNode payment) {
        rec.payments.add(payment);
        newVersion(rec);
    }

    private void newVersion(DineroStore.Rec rec) {
        rec.timestamp = store.nextTimestamp();
        if (!leaveUpdatedAtAlone) {
            rec.updatedAt = store.now();
        }
    }
}
