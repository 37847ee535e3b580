package dk.simplydinero.sync;

import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.LinkStore;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The money of the invoices the sync keeps (those with a link): their Dinero state, totals, what is outstanding and
 * their payments, a page at a time (the console's Money; the API may answer it too).
 *
 * <p>Request economy, as every call goes through {@link DineroClient} and the organization's request budget (100 a
 * minute): one invoices list per page view (pages of 1000, only the fields shown) gives every linked invoice's state
 * and total; the payments ({@code GET invoices/{guid}/payments}) are read only for the open invoices (booked or
 * overdue) on the page shown, {@link #PAGE} at most. Paid and overpaid invoices owe nothing and a draft owes nothing
 * yet, so neither is read. An open invoice on another page may be partly paid: its outstanding amount is not known
 * here, and the summary leaves it out (and says how many).
 *
 * <p>Unlinked Dinero invoices are not shown: the view is about what the sync keeps, and Dinero shows the rest itself.
 */
@Component
public class InvoiceMoney {

    /** Invoices per page: a person reads them, and their payments are at most 20 requests of the budget. */
    public static final int PAGE = 20;

    /** What the list is asked for: the page's columns, the states and what tells a deleted row. */
    static final String[] LIST_FIELDS = {"Guid", "Number", "ContactName", "Date", "PaymentDate", "Currency",
            "TotalInclVat", "Status", "PaymentStatus", "DeletedAt"};

    /** An invoice's state in plain words. */
    public enum State {
        DRAFT, BOOKED, PARTLY_PAID, OVERDUE, PAID, OVERPAID, UNKNOWN;

        /** Booked and not fully paid: its payments are read when it is on the page shown. */
        boolean open() {
            return this == BOOKED || this == OVERDUE;
        }
    }

    /** One payment: its date, description and amount. */
    public record Payment(String date, String description, BigDecimal amount) {
    }

    /**
     * A linked invoice: its CRM id, Dinero id and number (null for a draft), customer, date, due date, total with its
     * currency, state, the amount outstanding (null where not known: a draft owes nothing yet, an open invoice off
     * the page) and its payments (read for the open invoices on the page only). {@code partlyPaid}: an open invoice
     * with some payment.
     */
    public record Invoice(String crmId, String dineroId, Long number, String customer, String date, String dueDate,
                          BigDecimal total, String currency, State state, boolean partlyPaid, BigDecimal outstanding,
                          List<Payment> payments) {
    }

    /** Sums in one currency over the invoices whose amounts are known: outstanding, and the overdue ones. */
    public record Totals(String currency, BigDecimal outstanding, int overdueCount, BigDecimal overdue) {
    }

    /**
     * One page (from 0) of the linked invoices, newest first; {@code totals} per currency over every linked invoice
     * whose amount is known, {@code notKnown} the open invoices off this page whose payments were not read;
     * {@code linked} the invoices the list showed, {@code missing} the links whose invoice it did not show (deleted in
     * Dinero).
     */
    public record Overview(List<Invoice> invoices, int page, boolean hasNext, List<Totals> totals, int notKnown,
                           int linked, int missing) {
    }

    private final DineroClient dinero;
    private final LinkStore links;

    public InvoiceMoney(DineroClient dinero, LinkStore links) {
        this.dinero = dinero;
        this.links = links;
    }

    /** Page {@code page} (from 0): one invoices list, and the payments of the open invoices on it. */
    public Overview page(int page) {
        Map<String, String> crmIds = links.crmIdsByDineroId(SyncModule.INVOICES);
        List<Invoice> all = new ArrayList<>();
        if (!crmIds.isEmpty()) {
            ListQuery query = ListQuery.all().pageSize(ListQuery.MAX_PAGE_SIZE).fields(LIST_FIELDS);
            dinero.stream(DineroResource.INVOICES, query)
                    .filter(row -> !DineroClient.isDeleted(row) && crmIds.containsKey(String.valueOf(row.get("Guid"))))
                    .forEach(row -> all.add(fromList(crmIds.get(String.valueOf(row.get("Guid"))), row)));
        }
        // Newest first, as a person reads their invoices; a draft (no number yet) first within its date.
        all.sort(Comparator.comparing((Invoice i) -> Objects.toString(i.date(), "")).reversed()
                .thenComparing(i -> i.number() == null ? Long.MAX_VALUE : i.number(), Comparator.reverseOrder()));
        int from = Math.min(Math.max(0, page) * PAGE, all.size());
        int to = Math.min(from + PAGE, all.size());
        for (int i = from; i < to; i++) {
            if (all.get(i).state().open()) {
                all.set(i, withPayments(all.get(i)));
            }
        }
        return new Overview(List.copyOf(all.subList(from, to)), Math.max(0, page), to < all.size(), totals(all),
                (int) all.stream().filter(i -> i.state().open() && i.outstanding() == null).count(), all.size(),
                crmIds.size() - all.size());
    }

    /** What the list row tells: a paid or overpaid invoice owes nothing, an open one's outstanding is not known yet. */
    private static Invoice fromList(String crmId, Map<String, Object> row) {
        State state = state(InvoicePayments.stateOf(row));
        BigDecimal outstanding = state == State.PAID || state == State.OVERPAID ? BigDecimal.ZERO : null;
        String guid = String.valueOf(row.get("Guid"));
        return new Invoice(crmId, guid, state == State.DRAFT ? null : number(row, "Number", guid),
                text(row.get("ContactName")), text(row.get("Date")), text(row.get("PaymentDate")),
                amount(row, "TotalInclVat", guid), text(row.get("Currency")), state, false, outstanding, List.of());
    }

    /** The invoice with its payments read: what remains is outstanding; fully paid shows as paid. */
    @SuppressWarnings("unchecked")
    private Invoice withPayments(Invoice invoice) {
        Map<String, Object> answer = dinero.listPayments(invoice.dineroId());
        List<Payment> payments = new ArrayList<>();
        if (answer != null && answer.get("Payments") instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> p = (Map<String, Object>) o;
                payments.add(new Payment(text(p.get("PaymentDate")), text(p.get("Description")),
                        amount(p, "Amount", invoice.dineroId())));
            }
        }
        BigDecimal remaining = answer == null ? null : amount(answer, "RemainingAmount", invoice.dineroId());
        BigDecimal paid = answer == null ? null : amount(answer, "PaidAmount", invoice.dineroId());
        State state = invoice.state();
        if (remaining != null && remaining.signum() < 0) {
            state = State.OVERPAID; // a list that shows only Draft/Booked in Status says so here
        } else if (remaining != null && remaining.signum() == 0) {
            state = State.PAID;
        } else if (state == State.BOOKED && paid != null && paid.signum() > 0) {
            state = State.PARTLY_PAID;
        }
        // An overdue invoice stays overdue (the more urgent word) and says it is partly paid beside it.
        boolean partly = (state == State.OVERDUE || state == State.PARTLY_PAID) && paid != null && paid.signum() > 0;
        BigDecimal outstanding = remaining == null ? null : remaining.max(BigDecimal.ZERO);
        return new Invoice(invoice.crmId(), invoice.dineroId(), invoice.number(), invoice.customer(), invoice.date(),
                invoice.dueDate(), invoice.total(), invoice.currency(), state, partly, outstanding,
                List.copyOf(payments));
    }

    /** Per currency (in the order met), over the invoices whose outstanding amount is known. */
    private static List<Totals> totals(List<Invoice> invoices) {
        Map<String, Totals> byCurrency = new LinkedHashMap<>();
        for (Invoice i : invoices) {
            if (i.outstanding() == null) {
                continue;
            }
            boolean overdue = i.state() == State.OVERDUE;
            byCurrency.merge(i.currency(), new Totals(i.currency(), i.outstanding(), overdue ? 1 : 0,
                            overdue ? i.outstanding() : BigDecimal.ZERO),
                    (a, b) -> new Totals(a.currency(), a.outstanding().add(b.outstanding()),
                            a.overdueCount() + b.overdueCount(), a.overdue().add(b.overdue())));
        }
        return List.copyOf(byCurrency.values());
    }

    /** Dinero's state words ({@code Status} of a list row, or {@code PaymentStatus}). */
    static State state(String dinero) {
        if (dinero == null) {
            return State.UNKNOWN;
        }
        return switch (dinero.toLowerCase(java.util.Locale.ROOT)) {
            case "draft" -> State.DRAFT;
            case "booked" -> State.BOOKED;
            case "overdue" -> State.OVERDUE;
            case "paid" -> State.PAID;
            case "overpaid" -> State.OVERPAID;
            default -> State.UNKNOWN;
        };
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static Long number(Map<String, Object> answer, String field, String guid) {
        BigDecimal number = amount(answer, field, guid);
        return number == null ? null : number.longValueExact();
    }

    /** A number Dinero answered, or null where it answered none; anything else names the field and the invoice. */
    private static BigDecimal amount(Map<String, Object> answer, String field, String guid) {
        String text = text(answer.get(field));
        try {
            return text == null ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Dinero invoice " + guid + ": " + field + " '" + text + "' is not a number");
        }
    }
}
