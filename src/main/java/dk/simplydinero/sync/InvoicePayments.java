package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.LinkStore;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Payments that do not touch the invoice. Nothing documents that registering a payment moves a Dinero invoice's
 * {@code UpdatedAt}, so a payment may never show in the invoices' change feed. Each Dinero → CRM run therefore also
 * lists the invoices' states once (pages of 1000, only {@code Guid}, {@code Status} and {@code PaymentStatus}: the
 * captured list row's {@code Status} carries the payment state, {@code Booked}, {@code Overdue}, {@code Paid},
 * {@code OverPaid}; should a list show only {@code Draft}/{@code Booked} there, {@code PaymentStatus} is read where
 * present) and hands on the linked drafts and booked, not fully paid invoices whose state differs from the one last
 * seen; those are read whole (with their payments) by the normal Dinero → CRM path. A list row shows no amounts: a partial payment that changes no state shows
 * when the invoice changes otherwise or is fully paid.
 *
 * <p>The list is made only when such an invoice exists. It is not narrowed by {@code statusFilter} or {@code startDate}:
 * their values and what they compare are not documented, and a guess could leave an open invoice out for good.
 */
@Component
public class InvoicePayments {

    /** A link whose state was never seen (from before states were kept, or made by a CRM → Dinero write): looked at once. */
    static final String UNKNOWN = "Unknown";
    /**
     * The states a booking or a payment can still change: a draft (nothing documents that booking moves UpdatedAt
     * either, and a booking that lost a crm-first conflict is only caught up this way), booked and not fully paid, and
     * not known yet.
     */
    static final List<String> OPEN = List.of("Draft", "Booked", "Overdue", UNKNOWN);

    private final DineroClient dinero;
    private final LinkStore links;

    public InvoicePayments(DineroClient dinero, LinkStore links) {
        this.dinero = dinero;
        this.links = links;
    }

    /**
     * Runs a step that writes to the CRM after an invoice (its payment comments, its receipt link) with the invoice's
     * link marked {@link #UNKNOWN} meanwhile, so that a run stopped before the step ended reads the invoice again next
     * time even when it is unchanged; the state seen ({@code seen}; null: none kept, nothing marked) is put back when
     * {@code step} answers that it is settled.
     */
    void lookedAtAgainUntilSettled(String dineroId, String seen, java.util.function.BooleanSupplier step) {
        if (seen != null) {
            links.seenDineroState(SyncModule.INVOICES, dineroId, UNKNOWN);
        }
        if (step.getAsBoolean() && seen != null) {
            links.seenDineroState(SyncModule.INVOICES, dineroId, seen);
        }
    }

    /**
     * An invoice's state as a Dinero answer shows it: {@code PaymentStatus} where present (a whole invoice), else
     * {@code Status} (a list row carries the payment state there); null when it shows neither.
     */
    public static String stateOf(Map<String, ?> invoice) {
        Object payment = invoice.get("PaymentStatus");
        Object state = payment == null || payment.toString().isBlank() ? invoice.get("Status") : payment;
        return state == null || state.toString().isBlank() ? null : state.toString();
    }

    /**
     * The list rows of the linked open invoices whose state changed since we last saw it, read lazily, without those
     * in {@code alreadyRead} (this run's change feed and retries read them whole already). No request when no linked
     * invoice is open.
     */
    public Iterator<Map<String, Object>> changed(Set<String> alreadyRead) {
        return changed(alreadyRead, true);
    }

    /** The same; {@code seesDrafts} false (the dry run): a draft's state is not noted as seen. */
    Iterator<Map<String, Object>> changed(Set<String> alreadyRead, boolean seesDrafts) {
        Map<String, String> open = links.dineroStates(SyncModule.INVOICES, OPEN, UNKNOWN);
        open.keySet().removeAll(alreadyRead);
        if (open.isEmpty()) {
            return Collections.emptyIterator();
        }
        ListQuery query = ListQuery.all().pageSize(ListQuery.MAX_PAGE_SIZE).fields("Guid", "Status", "PaymentStatus");
        return dinero.stream(DineroResource.INVOICES, query)
                .filter(row -> {
                    String guid = String.valueOf(row.get("Guid"));
                    String last = open.get(guid);
                    String now = stateOf(row);
                    if (UNKNOWN.equals(last) && "Draft".equalsIgnoreCase(now)) {
                        // A draft has no payments and its edits move UpdatedAt: its state is all there is to learn
                        // (spares reading every invoice a CRM → Dinero write made).
                        if (seesDrafts) {
                            links.seenDineroState(SyncModule.INVOICES, guid, now);
                        }
                        return false;
                    }
                    return last != null && !last.equalsIgnoreCase(String.valueOf(now));
                })
                .iterator();
    }
}
