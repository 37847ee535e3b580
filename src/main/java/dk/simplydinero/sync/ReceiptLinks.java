package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.invoices.VoucherLanguage;
import dk.simplydinero.crm.CrmLacksOperationException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.invoices.DineroInvoiceState;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.ReceiptLinkStore;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issue 14.2, CRM side: a CRM invoice whose Dinero invoice is booked (or paid, overdue …: any state but draft) links
 * its receipt, {@code <sync.public-url>/api/invoices/<crmId>/pdf} ({@link Receipts} serves it).
 * {@code sync.receipts=document}: one external-URL {@code Documents} record ("Faktura 1042 (Dinero)", English
 * "Invoice 1042 (Dinero)" by the invoice's language as {@link PaymentHistory} decides it) related to the invoice with
 * {@code add_related} (label {@code Documents}) and checked with {@code query_related}, because {@code add_related}
 * answers success also when it related nothing. {@code field}: the URL in {@code simplycrm.receipt-field}, written with
 * the client's full-record update only when the field holds another value. {@code off}: nothing.
 *
 * <p>Written once, kept in {@link ReceiptLinkStore}: an invoice whose link is there costs no CRM request. As every
 * create of the sync ({@link UncertainCreates}): the intent is stored before the create and completed once the link
 * is checked; an intent left behind (answer lost, process stopped) makes this look the document up by its URL before
 * creating it (relating twice is harmless). While a link is uncertain the invoice's seen state is
 * {@link InvoicePayments#UNKNOWN}, so the next run reads it again even when it is unchanged.
 *
 * <p>A CRM without {@code add_related}/{@code query_related} (Simply CRM does not document them), or whose relation
 * does not show after {@code add_related}, is one run note naming the fix ({@code sync.receipts=field}); the invoices
 * still sync and the rest of the run does not try again. Any other problem is a run note naming the invoice; the
 * invoice itself is written and counted already, so it is not made a failed record as well.
 */
@Component
public class ReceiptLinks {

    /** The relation of Invoice to Documents in vtiger (the stock {@code get_attachments} related list). */
    static final String RELATION = "Documents";

    private static final Logger log = LoggerFactory.getLogger(ReceiptLinks.class);

    private final SyncProperties settings;
    private final SimplyCrmProperties crmSettings;
    private final SimplyCrmClient crm;
    private final LinkStore links;
    private final ReceiptLinkStore store;
    private final SyncRuns runs;
    private final InvoicePayments invoicePayments;
    /** Per run (only the current one is kept): the CRM cannot relate documents, said once, not tried again. */
    private final Map<Long, Boolean> cannotRelate = new ConcurrentHashMap<>();

    public ReceiptLinks(SyncProperties settings, SimplyCrmProperties crmSettings, SimplyCrmClient crm, LinkStore links,
                        ReceiptLinkStore store, SyncRuns runs, InvoicePayments invoicePayments) {
        this.invoicePayments = invoicePayments;
        this.settings = settings;
        this.crmSettings = crmSettings;
        this.crm = crm;
        this.links = links;
        this.store = store;
        this.runs = runs;
    }

    /** The step after an invoice is written to (or found equal in) the CRM: its receipt link. */
    public void link(Exchange exchange, @Header("runId") long runId, @Header("module") SyncModule module,
                     @Header("dineroId") String dineroId) {
        // No public address yet (the sandbox learns its own once the web server is bound): no link to give.
        if (module != SyncModule.INVOICES || settings.getReceipts() == SyncProperties.Receipts.OFF
                || settings.getPublicUrl() == null || settings.getPublicUrl().isBlank()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> invoice = exchange.getProperty(PaymentHistory.INVOICE_PROPERTY, Map.class);
        Optional<String> crmId = links.byDineroId(module, dineroId).map(Link::crmId);
        if (invoice == null || crmId.isEmpty() || !booked(invoice)) {
            return; // a draft has no PDF; an invoice not linked was not written
        }
        link(runs.run(runId), runId, crmId.get(), dineroId, invoice);
    }

    void link(SyncRun run, long runId, String crmId, String dineroId, Map<String, Object> invoice) {
        SyncProperties.Receipts receipts = settings.getReceipts();
        String mode = receipts.name().toLowerCase(Locale.ROOT);
        String url = settings.getPublicUrl() + "/api/invoices/" + crmId + "/pdf";
        Optional<ReceiptLinkStore.ReceiptLink> stored = store.find(crmId);
        cannotRelate.keySet().removeIf(id -> id != runId);
        if (stored.filter(l -> l.done(mode, url)).isPresent()
                || (receipts == SyncProperties.Receipts.DOCUMENT && cannotRelate.containsKey(runId))) {
            return;
        }
        // Begun, not yet done: the next run reads the invoice again, whatever its state.
        invoicePayments.lookedAtAgainUntilSettled(dineroId,
                links.dineroState(SyncModule.INVOICES, dineroId).orElse(null), () -> {
            try {
                // An intent of this same link left behind: what it made may exist.
                Optional<ReceiptLinkStore.ReceiptLink> begun = stored.filter(l -> l.mode().equals(mode)
                        && l.url().equals(url));
                if (begun.isEmpty()) {
                    store.begin(crmId, mode, url);
                }
                boolean linked = receipts == SyncProperties.Receipts.FIELD ? inField(crmId, url)
                        : related(run, runId, crmId, url, invoice, begun);
                if (linked) {
                    store.linked(crmId);
                }
            } catch (CrmLacksOperationException e) {
                cannotRelate(run, runId, e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Receipt link of CRM invoice {} not written: {}", crmId, e.getMessage());
                run.note("The receipt link of CRM invoice " + crmId + " is not written (the next run tries again): "
                        + e.getMessage());
                return false;
            }
            return true;
        });
    }

    /** The invoice's URL field holds {@code url}: written (whole record, as the writers update) only when it differs. */
    private boolean inField(String crmId, String url) {
        String field = crmSettings.getReceiptField();
        Map<String, Object> current = crm.retrieve(crmId);
        if (!url.equals(Objects.toString(current.get(field), ""))) {
            crm.update(current, Map.of(field, url));
        }
        return true;
    }

    /**
     * The invoice's Documents record for {@code url}, made (or, for an intent left behind, found by its URL) and
     * related; whether the relation shows afterwards.
     */
    private boolean related(SyncRun run, long runId, String crmId, String url, Map<String, Object> invoice,
                            Optional<ReceiptLinkStore.ReceiptLink> begun) {
        String documentId = begun.map(ReceiptLinkStore.ReceiptLink::documentId).orElse(null);
        if (documentId == null) {
            String title = title(invoice);
            documentId = crm.guard().createOrFind(() -> crm.documentsByUrl(url).stream().findFirst()
                            .map(d -> String.valueOf(d.get("id"))),
                    () -> String.valueOf(crm.createExternalDocument(title, url, null).get("id")), begun.isPresent());
            store.document(crmId, documentId);
        }
        crm.addRelated(crmId, documentId, RELATION);
        if (!crm.isRelated(crmId, documentId, "Documents", RELATION)) {
            cannotRelate(run, runId, "add_related answered success, yet query_related does not show document "
                    + documentId + " on invoice " + crmId);
            return false;
        }
        return true;
    }

    private void cannotRelate(SyncRun run, long runId, String reason) {
        if (cannotRelate.putIfAbsent(runId, Boolean.TRUE) == null) {
            run.note("the CRM cannot relate documents to invoices (add_related, query_related: " + reason
                    + "), so receipts are not linked; set sync.receipts=field with simplycrm.receipt-field"
                    + " (an Invoice URL field) instead");
        }
    }

    /** {@code Faktura <Dinero number> (Dinero)}, English {@code Invoice <number> (Dinero)}. */
    static String title(Map<String, Object> invoice) {
        Object number = invoice.get("Number");
        String language = invoice.get("Language") == null ? null : invoice.get("Language").toString();
        return VoucherLanguage.of(language).say("Faktura ", "Invoice ") + (number == null ? "" : number + " ")
                + "(Dinero)";
    }

    /** Booked, paid, overdue …: Dinero has its PDF. A state not known is not guessed booked. */
    private static boolean booked(Map<String, Object> invoice) {
        return DineroInvoiceState.of(InvoicePayments.stateOf(invoice)).filter(s -> s != DineroInvoiceState.DRAFT)
                .isPresent();
    }
}
