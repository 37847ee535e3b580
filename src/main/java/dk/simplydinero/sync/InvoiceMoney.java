package dk.simplydinero.sync;

import dk.simplydinero.config.ConsoleProperties;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.invoices.DineroInvoiceState;
import dk.simplydinero.invoices.DineroPaymentsAnswer;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.LinkStore;
import org.springframework.stereotype.Component;

import java.lang.ref.SoftReference;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The money of the invoices the sync keeps (those with a link): their Dinero state, totals, what is outstanding and
 * their payments, a page at a time (the console's Money; the API may answer it too).
 *
 * <p>Request economy, as every call goes through {@link DineroClient} and the organization's request budget (100 a
 * minute): one invoices list (pages of 1000, only the fields shown) gives every linked invoice's state and total; it
 * is kept for {@code console.money-cache} while the links stay the same, so paging costs only the new page's payments
 * ({@code refresh} reads it anew). The payments ({@code GET invoices/{guid}/payments}, read by
 * {@link DineroPaymentsAnswer} as the CRM's received and balance are) are read only for the open invoices (booked or
 * overdue) on the page shown, {@link #PAGE} at most. Paid and overpaid invoices owe nothing and a draft owes nothing
 * yet, so neither is read. An open invoice on another page may be partly paid: its outstanding amount is not known
 * here, and the sums leave it out (and say how many); the overdue invoices are counted on every page, as their state
 * is in the list.
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

    /** One payment: its Dinero guid, date, description and amount. */
    public record Payment(String guid, String date, String description, BigDecimal amount) {
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

    /**
     * One currency: the overdue invoices counted over all, and the sums over those whose amounts are known: outstanding,
     * and outstanding of the overdue ones.
     */
    public record Totals(String currency, BigDecimal outstanding, int overdueCount, BigDecimal overdue) {
    }

    /**
     * One page (from 0) of the linked invoices, newest first; {@code totals} per currency (overdue invoices counted
     * over all, amounts summed over those known), {@code notKnown} the open invoices off this page whose payments were not read;
     * {@code linked} the invoices the list showed, {@code missing} the links whose invoice it did not show (deleted in
     * Dinero).
     */
    public record Overview(List<Invoice> invoices, int page, boolean hasNext, List<Totals> totals, int notKnown,
                           int linked, int missing) {
    }

    /** The linked invoices as the list showed them (newest first), when, and for which links. */
    private record Listed(Instant at, Map<String, String> crmIds, List<Invoice> invoices) {
    }

    private final DineroClient dinero;
    private final LinkStore links;
    private final Clock clock;
    private final Duration keep;
    /**
     * The list last read, softly: a row per linked invoice, which a sync run short of heap may take back (the next view
     * then reads the list again) rather than keep until someone looks at Money again.
     */
    private final AtomicReference<SoftReference<Listed>> listed = new AtomicReference<>(new SoftReference<>(null));

    public InvoiceMoney(DineroClient dinero, LinkStore links, Clock clock, ConsoleProperties settings) {
        this.dinero = dinero;
        this.links = links;
        this.clock = clock;
        this.keep = settings.getMoneyCache();
    }

    /**
     * Page {@code page} (from 0): the invoices list (unless kept; {@code refresh} reads it anew), and the payments of
     * the open invoices on it.
     */
    public Overview page(int page, boolean refresh) {
        Map<String, String> crmIds = links.crmIdsByDineroId(SyncModule.INVOICES);
        List<Invoice> all = new ArrayList<>(listed(crmIds, refresh));
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

    /** The linked invoices' list rows, newest first: those kept while fresh and for the same links, else read now. */
    private List<Invoice> listed(Map<String, String> crmIds, boolean refresh) {
        Instant now = clock.instant();
        Listed kept = listed.get().get();
        if (!refresh && kept != null && kept.crmIds().equals(crmIds) && now.isBefore(kept.at().plus(keep))) {
            return kept.invoices();
        }
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
        Listed read = new Listed(now, Map.copyOf(crmIds), List.copyOf(all));
        listed.set(new SoftReference<>(keep.isZero() ? null : read));
        return read.invoices();
    }

    /** What the list row tells: a paid or overpaid invoice owes nothing, an open one's outstanding is not known yet. */
    private static Invoice fromList(String crmId, Map<String, Object> row) {
        State state = state(InvoicePayments.stateOf(row));
        BigDecimal outstanding = state == State.PAID || state == State.OVERPAID ? BigDecimal.ZERO : null;
        DineroRecord r = record(row);
        BigDecimal number = state == State.DRAFT ? null : r.decimal("Number");
        return new Invoice(crmId, r.id(), number == null ? null : number.longValueExact(),
                text(row.get("ContactName")), text(row.get("Date")), text(row.get("PaymentDate")),
                r.decimal("TotalInclVat"), text(row.get("Currency")), state, false, outstanding, List.of());
    }

    /** The invoice with its payments read: what remains is outstanding; fully paid shows as paid. */
    private Invoice withPayments(Invoice invoice) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Guid", invoice.dineroId());
        row.put("TotalInclVat", invoice.total());
        Map<String, Object> answer = dinero.listPayments(invoice.dineroId());
        DineroPaymentsAnswer read = answer == null ? null : DineroPaymentsAnswer.read(record(row), answer);
        List<Payment> payments = read == null ? List.of() : read.payments().stream()
                .map(p -> new Payment(p.guid(), p.date(), p.description(), p.amount())).toList();
        BigDecimal remaining = read == null ? null : read.remaining();
        BigDecimal paid = read == null ? null : read.received();
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
                invoice.dueDate(), invoice.total(), invoice.currency(), state, partly, outstanding, payments);
    }

    /**
     * Per currency (in the order met): the overdue invoices over all (their state is in the list row, read for every
     * invoice); the sums over the invoices whose outstanding amount is known.
     */
    private static List<Totals> totals(List<Invoice> invoices) {
        Map<String, Totals> byCurrency = new LinkedHashMap<>();
        for (Invoice i : invoices) {
            boolean overdue = i.state() == State.OVERDUE;
            BigDecimal known = i.outstanding() == null ? BigDecimal.ZERO : i.outstanding();
            byCurrency.merge(i.currency(), new Totals(i.currency(), known, overdue ? 1 : 0,
                            overdue ? known : BigDecimal.ZERO),
                    (a, b) -> new Totals(a.currency(), a.outstanding().add(b.outstanding()),
                            a.overdueCount() + b.overdueCount(), a.overdue().add(b.overdue())));
        }
        return List.copyOf(byCurrency.values());
    }

    /** Dinero's state words ({@code Status} of a list row, or {@code PaymentStatus}), as {@link DineroInvoiceState} reads them. */
    static State state(String dinero) {
        return DineroInvoiceState.of(dinero).map(s -> switch (s) {
            case DRAFT -> State.DRAFT;
            case BOOKED -> State.BOOKED;
            case OVERDUE -> State.OVERDUE;
            case PAID -> State.PAID;
            case OVERPAID -> State.OVERPAID;
        }).orElse(State.UNKNOWN);
    }

    /**
     * An amount as a person reads it: {@code 1.250,00 kr.} in Danish (other currencies by their code after the
     * amount), {@code DKK 1,250.00} in English. The console's Money view and the CRM's payment comments
     * ({@link PaymentHistory}) say it alike.
     */
    public static String amount(BigDecimal amount, String currency, Locale locale) {
        if (amount == null) {
            return null;
        }
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(locale));
        String number = format.format(amount.setScale(2, RoundingMode.HALF_UP));
        String code = currency == null ? "" : currency;
        if ("da".equals(locale.getLanguage())) {
            return (number + " " + ("DKK".equalsIgnoreCase(code) ? "kr." : code)).strip();
        }
        return (code.isEmpty() ? "" : code + " ") + number;
    }

    private static String text(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    /** A list row, for reading its numbers (a malformed one names the field and the invoice). */
    private static DineroRecord record(Map<String, ?> row) {
        return DineroRecord.of("Dinero invoice", "Guid", row);
    }
}
