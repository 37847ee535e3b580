package dk.simplydinero.sync;

import com.google.common.base.Suppliers;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmAccessDeniedException;
import dk.simplydinero.crm.CrmValidationException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.invoices.DineroInvoiceMapping;
import dk.simplydinero.invoices.VoucherLanguage;
import dk.simplydinero.invoices.DineroPaymentsAnswer;
import dk.simplydinero.mapping.DineroMappingException;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.PaymentCommentStore;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Issue 14.1: each payment Dinero holds for a linked invoice becomes one comment on the CRM invoice (vtiger's
 * {@code ModComments}, {@code related_to} = the invoice), e.g. {@code Betaling modtaget 03-11-2026: 1.250,00 kr. –
 * Indbetaling (Dinero) [dinero:<payment guid>]}: Danish when the Dinero invoice's {@code Language} is Danish
 * ({@code da-DK}), else English ({@code Payment received 2026-11-03: DKK 1,250.00 …}). The bracketed marker is how a
 * comment is found again: comments have no field of ours.
 *
 * <p>Written once per payment, linked by the payment's guid ({@link PaymentCommentStore}), never edited. As every
 * create of the sync ({@link UncertainCreates}): the intent is stored before the create and completed after it; an
 * intent left behind (answer lost, process stopped) makes this look the comment up by its marker among the invoice's
 * comments before creating it again. Request economy: the payments are those the run read for the invoice anyway
 * ({@link DineroToCrm#complete}, {@link Pairing}); an invoice whose payments all have their comment costs no CRM
 * request; the invoice's comments are read only for an uncertain intent; whether the CRM takes comments on invoices is
 * asked once per run, and only when there is a comment to write.
 *
 * <p>A payment deleted in Dinero is reported in the run (once) and its comment stays. {@code sync.payment-history=off}
 * writes nothing. A CRM whose {@code ModComments.related_to} does not list {@code Invoice} (stock vtiger) gets one run
 * note; the invoices still sync. A comment the CRM refuses (or a payment Dinero describes without guid, date or amount)
 * is a run note naming the invoice and the reason: the invoice itself is written and counted already, so it is not
 * made a failed record as well; the next run tries again.
 */
@Component
public class PaymentHistory {

    /** Exchange property: the Dinero invoice as read whole (set in routes/sync.yaml after {@code complete}). */
    static final String INVOICE_PROPERTY = "dineroInvoice";

    private static final Logger log = LoggerFactory.getLogger(PaymentHistory.class);

    private final SyncProperties settings;
    private final SimplyCrmClient crm;
    private final LinkStore links;
    private final PaymentCommentStore comments;
    private final SyncRuns runs;
    private final InvoicePayments invoicePayments;
    /** Per run (only the current one is kept): whether the CRM takes comments on invoices. */
    private final Map<Long, Boolean> accepts = new ConcurrentHashMap<>();

    public PaymentHistory(SyncProperties settings, SimplyCrmClient crm, LinkStore links, PaymentCommentStore comments,
                          SyncRuns runs, InvoicePayments invoicePayments) {
        this.invoicePayments = invoicePayments;
        this.settings = settings;
        this.crm = crm;
        this.links = links;
        this.comments = comments;
        this.runs = runs;
    }

    /** The step after an invoice is written to (or found equal in) the CRM: its payments' comments. */
    public void write(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                      @Header("dineroId") String dineroId) {
        if (module != SyncModule.INVOICES || settings.getPaymentHistory() == SyncProperties.PaymentHistory.OFF) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> invoice = exchange.getProperty(INVOICE_PROPERTY, Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> payments = exchange.getProperty(DineroInvoiceMapping.PAYMENTS_PROPERTY, Map.class);
        Optional<String> crmId = links.byDineroId(module, dineroId).map(Link::crmId);
        if (invoice == null || payments == null || crmId.isEmpty()) {
            return; // a draft has no payments; an invoice not linked was not written
        }
        String state = exchange.getProperty(DineroToCrm.STATE_PROPERTY, String.class);
        write(runs.run(runId), runId, crmId.get(), dineroId, state, invoice, payments);
    }

    /**
     * The comments of the invoice's payments that have none yet. {@code state}: the payment state the invoice was seen
     * in (kept with its link); while comments are being written the link says {@link InvoicePayments#UNKNOWN}, so an
     * invoice whose comments were not all written (a stop, a refusal) is read again by the next run even when it is
     * settled and unchanged, which the change feed alone would skip.
     */
    void write(SyncRun run, long runId, String crmId, String dineroId, String state, Map<String, Object> invoice,
               Map<String, Object> paymentsAnswer) {
        DineroRecord record = DineroRecord.of("Dinero invoice", "Guid", invoice);
        List<DineroPaymentsAnswer.Payment> payments = DineroPaymentsAnswer.read(record, paymentsAnswer).payments();
        Map<String, PaymentCommentStore.PaymentComment> stored = comments.ofInvoice(crmId).stream()
                .collect(Collectors.toMap(PaymentCommentStore.PaymentComment::paymentGuid, c -> c));
        Set<String> held = payments.stream().map(DineroPaymentsAnswer.Payment::guid).collect(Collectors.toSet());
        for (PaymentCommentStore.PaymentComment c : stored.values()) {
            if (c.commentId() != null && !c.gone() && !held.contains(c.paymentGuid())) {
                run.note("Payment " + c.paymentGuid() + " of CRM invoice " + crmId
                        + " was deleted in Dinero; its comment in the CRM stays");
                comments.gone(c.paymentGuid());
            }
        }
        Map<String, String> missing;
        try {
            missing = missing(record, payments, stored);
        } catch (DineroMappingException e) {
            // Nothing guessed: no comment of this invoice is written, the invoice itself is synced.
            run.note("The payment comments of CRM invoice " + crmId + " are not written: " + e.getMessage());
            return;
        }
        if (missing.isEmpty() || !accepted(run, runId)) {
            return;
        }
        // The invoice's comments: read once, and only for an intent left uncertain.
        Supplier<List<Map<String, Object>>> onInvoice = Suppliers.memoize(() -> crm.comments(crmId));
        invoicePayments.lookedAtAgainUntilSettled(dineroId, state, () -> {
            for (Map.Entry<String, String> payment : missing.entrySet()) {
                try {
                    once(crmId, PaymentCommentStore.Kind.PAYMENT, payment.getKey(), payment.getValue(),
                            stored.containsKey(payment.getKey()), onInvoice);
                } catch (RuntimeException e) {
                    log.warn("Payment comments of CRM invoice {} not written: {}", crmId, e.getMessage());
                    run.note("The payment comments of CRM invoice " + crmId + " are not all written (the next run"
                            + " tries again): " + e.getMessage());
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Issue 14.3: the comment naming a booked credit note ({@code guid}) on its CRM invoice, written once, crash-safe
     * and never edited, as a payment's (the same store and marker). Returns whether this call wrote (or found and
     * linked) it: false when it was linked before, or when the CRM takes no comments on invoices (the run says so
     * once). A failure is thrown, its intent kept for the next try.
     */
    boolean creditNoteComment(SyncRun run, long runId, String crmId, String guid, String text) {
        Optional<PaymentCommentStore.PaymentComment> stored = comments.of(guid);
        if (stored.isPresent() && stored.get().commentId() != null) {
            return false;
        }
        if (!accepted(run, runId)) {
            return false;
        }
        once(crmId, PaymentCommentStore.Kind.CREDIT_NOTE, guid, text, stored.isPresent(),
                Suppliers.memoize(() -> crm.comments(crmId)));
        return true;
    }

    /** Whether the comment of Dinero document {@code guid} is not written yet (none, or its create uncertain). */
    boolean missing(String guid) {
        return comments.of(guid).map(c -> c.commentId() == null).orElse(true);
    }

    /**
     * The comment of one Dinero document ({@code guid}: a payment or a credit note) on the CRM invoice, ending with its
     * marker. {@code begun}: its intent was stored and not completed, so the comment may exist: looked for by its marker
     * among {@code onInvoice} (the invoice's comments) first. Otherwise the intent is stored before the create.
     */
    private void once(String crmId, PaymentCommentStore.Kind kind, String guid, String text, boolean begun,
                      Supplier<List<Map<String, Object>>> onInvoice) {
        if (begun) {
            Optional<String> found = find(onInvoice.get(), guid);
            if (found.isPresent()) {
                comments.done(guid, found.get());
                return;
            }
        } else {
            comments.begin(crmId, guid, kind);
        }
        created(crmId, guid, text);
    }

    /**
     * Creates the payment's comment and links it. A create whose answer is lost may have been stored: the comment is
     * looked for by its marker before the failure counts (as the writers do for records).
     */
    private void created(String crmId, String guid, String text) {
        try {
            comments.done(guid, String.valueOf(crm.createComment(crmId, text).get("id")));
        } catch (CrmValidationException | CrmAccessDeniedException refused) {
            throw refused; // refused: nothing was stored
        } catch (RuntimeException e) {
            Optional<String> found;
            try {
                found = find(crm.comments(crmId), guid);
            } catch (RuntimeException lookup) {
                e.addSuppressed(lookup);
                throw e;
            }
            comments.done(guid, found.orElseThrow(() -> e));
        }
    }

    /** The texts of the payments without a comment (or whose create is uncertain), by payment guid. */
    private static Map<String, String> missing(DineroRecord record, List<DineroPaymentsAnswer.Payment> payments,
                                               Map<String, PaymentCommentStore.PaymentComment> stored) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (int i = 0; i < payments.size(); i++) {
            DineroPaymentsAnswer.Payment p = payments.get(i);
            PaymentCommentStore.PaymentComment done = stored.get(p.guid());
            if (done == null || done.commentId() == null) {
                missing.put(guid(record, i, p), text(record, i, p));
            }
        }
        return missing;
    }

    /** The id of the comment among {@code onInvoice} that carries the payment's marker. */
    private static Optional<String> find(List<Map<String, Object>> onInvoice, String guid) {
        return onInvoice.stream().filter(c -> String.valueOf(c.get("commentcontent")).contains(marker(guid)))
                .map(c -> String.valueOf(c.get("id"))).findFirst();
    }

    /**
     * Whether the CRM takes comments on invoices ({@code ModComments.related_to} lists {@code Invoice}): asked once per
     * run; when not, the run says so once.
     */
    private boolean accepted(SyncRun run, long runId) {
        accepts.keySet().removeIf(id -> id != runId);
        return accepts.computeIfAbsent(runId, id -> {
            String refused;
            try {
                refused = crm.referenceAccepts("ModComments", "related_to", SyncModule.INVOICES.crmModule()) ? null
                        : "ModComments' related_to does not list " + SyncModule.INVOICES.crmModule();
            } catch (CrmAccessDeniedException e) {
                refused = "the API user may not use ModComments (" + e.getMessage() + ")";
            }
            if (refused != null) {
                run.note("the CRM does not allow comments on invoices: " + refused
                        + ", so the payment history is not written");
            }
            return refused == null;
        });
    }

    private static String guid(DineroRecord invoice, int index, DineroPaymentsAnswer.Payment p) {
        if (p.guid() == null || p.guid().isBlank()) {
            throw invoice.fail(field(index, "Guid"), "is empty: the payment's comment could not be told apart");
        }
        return p.guid();
    }

    /** The comment of one payment, in the invoice's language, ending with its marker. */
    static String text(DineroRecord invoice, int index, DineroPaymentsAnswer.Payment p) {
        Map<String, Object> row = new HashMap<>();
        row.put("PaymentDate", p.date());
        LocalDate date = invoice.nested("payments.Payments[" + (index + 1) + "]", row).date("PaymentDate");
        if (date == null) {
            throw invoice.fail(field(index, "PaymentDate"), "is empty");
        }
        if (p.amount() == null) {
            throw invoice.fail(field(index, "Amount"), "is empty");
        }
        VoucherLanguage language = VoucherLanguage.of(invoice.text("Language"));
        String description = p.description() == null ? "" : " – " + p.description().strip();
        return language.say("Betaling modtaget ", "Payment received ") + language.date(date) + ": "
                + InvoiceMoney.amount(p.amount(), invoice.text("Currency"), language.locale()) + description
                + " (Dinero) " + marker(guid(invoice, index, p));
    }

    /** What tells the payment's comment among the invoice's comments: the payment's Dinero guid. */
    static String marker(String paymentGuid) {
        return "[dinero:" + paymentGuid + "]";
    }

    private static String field(int index, String name) {
        return "payments.Payments[" + (index + 1) + "]." + name;
    }
}
