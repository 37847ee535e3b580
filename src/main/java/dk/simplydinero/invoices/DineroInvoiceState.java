package dk.simplydinero.invoices;

import java.util.Locale;
import java.util.Optional;

/**
 * A Dinero invoice's state words ({@code PaymentStatus}, or {@code Status} where a list row carries the payment state),
 * read in one place for the CRM's {@code invoicestatus} and the console's Money.
 */
public enum DineroInvoiceState {
    DRAFT("Created"), BOOKED("Approved"), OVERDUE("Approved"), PAID("Paid"), OVERPAID("Paid");

    /** The words Dinero answers, for messages. */
    public static final String WORDS = "Draft, Booked, Overdue, Paid, OverPaid";

    private final String crmStatus;

    DineroInvoiceState(String crmStatus) {
        this.crmStatus = crmStatus;
    }

    /** The CRM invoice's {@code invoicestatus} for this state. */
    public String crmStatus() {
        return crmStatus;
    }

    /**
     * Whether no payment can change an invoice in this state without changing the state: a draft takes none, a paid
     * one is settled. A partial payment leaves a booked or overdue invoice's state as it was.
     */
    public boolean paymentsShowInState() {
        return this == DRAFT || this == PAID || this == OVERPAID;
    }

    /** The state a Dinero word names (any case); empty for null, blank or an unknown word. */
    public static Optional<DineroInvoiceState> of(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "draft" -> Optional.of(DRAFT);
            case "booked" -> Optional.of(BOOKED);
            case "overdue" -> Optional.of(OVERDUE);
            case "paid" -> Optional.of(PAID);
            case "overpaid" -> Optional.of(OVERPAID);
            default -> Optional.empty();
        };
    }
}
