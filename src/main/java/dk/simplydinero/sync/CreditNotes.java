package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.invoices.VoucherLanguage;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.CreditNoteStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 14.3, CRM → Dinero: a linked CRM invoice whose {@code invoicestatus} is {@code Cancel} and whose Dinero invoice
 * is booked gets one credit-note <b>draft</b> in Dinero for the whole invoice ({@code CreditNoteFor} = the invoice, its
 * lines copied, dated today, {@code ExternalReference} = {@code crm-credit:<crm id>}). Never booked by us: the
 * accountant books it. A booked invoice cannot be changed, so crediting it is the accounting answer to a cancelled
 * sale; a draft twin is not credited (it is still the CRM's to edit, as today). {@code sync.credit-notes=off}: nothing.
 *
 * <p>Made once per CRM invoice ({@link CreditNoteStore}), crash-safe as every create ({@link UncertainCreates}): the
 * intent is stored before the create; one left behind (answer lost, process stopped) makes this look the credit note up
 * by its ExternalReference before creating it again. Request economy: an invoice credited already costs no request; a
 * cancelled one not yet credited costs one GET of its Dinero invoice (its state and lines) each time it is read from the
 * CRM's feed. Reported as a run note naming the CRM invoice and the credit note: the invoice itself is counted as its
 * write went (a booked invoice {@code skipped} or {@code unchanged}).
 *
 * <p>Called for every CRM invoice read whole: in {@code crm-record-to-dinero} and, both ways, when its side enters
 * pairing ({@link Pairing#crmSide}), since a status change alone leaves the invoice's fingerprint (what goes to Dinero)
 * as it was, so the record would never reach a writer. A failure (Dinero refuses, a line it cannot credit) fails the
 * record with the reason, so the failure retry tries again: the CRM's feed would not bring the invoice back.
 */
@Component
public class CreditNotes {

    /** The stock vtiger status of a cancelled invoice. */
    static final String CANCELLED = "Cancel";
    /** The line fields of a Dinero invoice a credit note's line takes (its computed totals are Dinero's own). */
    private static final List<String> LINE_FIELDS = List.of("ProductGuid", "Description", "Comments", "Quantity",
            "AccountNumber", "Unit", "Discount", "BaseAmountValue", "LineType");
    private static final List<String> AMOUNTS = List.of("Quantity", "BaseAmountValue", "Discount");
    /** Dinero keeps Danish books: "today" is the date in Denmark (the service's clock is UTC). */
    private static final ZoneId DENMARK = ZoneId.of("Europe/Copenhagen");

    private final SyncProperties settings;
    private final DineroClient dinero;
    private final LinkStore links;
    private final CreditNoteStore store;
    private final SyncRuns runs;
    private final Clock clock;

    public CreditNotes(SyncProperties settings, DineroClient dinero, LinkStore links, CreditNoteStore store,
                       SyncRuns runs, Clock clock) {
        this.settings = settings;
        this.dinero = dinero;
        this.links = links;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
    }

    /** The step after a CRM record is read whole ({@code crm-record-to-dinero}); the body stays as it is. */
    public void draft(@Header("runId") long runId, @Header("module") SyncModule module,
                      @Body Map<String, Object> crmRecord) {
        draft(runs.run(runId), module, crmRecord);
    }

    void draft(SyncRun run, SyncModule module, Map<String, Object> crmRecord) {
        if (module != SyncModule.INVOICES || settings.getCreditNotes() == SyncProperties.CreditNotes.OFF
                || !CANCELLED.equals(String.valueOf(crmRecord.get("invoicestatus")).strip())) {
            return;
        }
        String crmId = String.valueOf(crmRecord.get("id"));
        Optional<CreditNoteStore.CreditNote> stored = store.ofInvoice(crmId);
        if (stored.isPresent() && stored.get().creditNoteGuid() != null) {
            return; // credited already: no request
        }
        Optional<Link> link = links.byCrmId(module, crmId);
        if (link.isEmpty()) {
            return; // never in Dinero: nothing booked to credit
        }
        String guid = link.get().dineroId();
        // A credit note booked in Dinero against it, read by a run (Dinero → CRM, sync.BookedCreditNotes): a draft of
        // ours would credit the customer twice. (Crediting is seen only where Dinero's credit notes are read: the
        // list never names the invoice, so crm-to-dinero cannot tell without reading each credit note.)
        if (store.credited(guid)) {
            run.note("CRM invoice " + crmId + " is cancelled, and its Dinero invoice " + guid
                    + " has a booked credit note already: no credit-note draft made");
            return;
        }
        Map<String, Object> invoice;
        try {
            invoice = dinero.getInvoice(guid);
        } catch (DineroException.NotFound e) {
            return; // deleted in Dinero: the writer reports it
        }
        if (!DineroWriter.booked(module, invoice)) {
            return; // a draft is the CRM's to edit, not to credit
        }
        Map<String, Object> body = body(crmId, guid, invoice);
        boolean earlier = stored.isPresent();
        if (!earlier) {
            store.begin(crmId, guid);
        }
        DineroClient.InvoiceRef made = dinero.guard().createOrFind(
                () -> dinero.findByExternalReference(DineroResource.CREDIT_NOTES, marker(crmId))
                        .map(r -> new DineroClient.InvoiceRef(String.valueOf(r.get("Guid")), DineroClient.timestampOf(r))),
                () -> dinero.createCreditNote(body), earlier);
        store.done(crmId, made.guid());
        run.note("CRM invoice " + crmId + " is cancelled and booked in Dinero" + DineroWriter.numberOf(invoice)
                + ": credit-note draft " + made.guid() + " made in Dinero (to be booked there)");
    }

    /** The credit note of the whole invoice: its customer, currency, language and lines, dated today. */
    private Map<String, Object> body(String crmId, String guid, Map<String, Object> invoice) {
        DineroRecord record = DineroRecord.of("Dinero invoice", "Guid", invoice);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("CreditNoteFor", guid);
        body.put("ContactGuid", invoice.get("ContactGuid"));
        body.put("Date", LocalDate.ofInstant(clock.instant(), DENMARK).toString());
        body.put("Currency", invoice.get("Currency"));
        body.put("Language", invoice.get("Language"));
        body.put("ExternalReference", marker(crmId));
        Object number = invoice.get("Number");
        body.put("Description", VoucherLanguage.of(record.text("Language"))
                .say("Kreditnota for faktura ", "Credit note for invoice ") + number);
        List<Map<String, Object>> lines = new ArrayList<>();
        Object productLines = invoice.get("ProductLines");
        if (!(productLines instanceof List<?> list) || list.isEmpty()) {
            throw record.fail("ProductLines", "is empty: there is nothing to credit");
        }
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> line)) {
                throw record.fail("ProductLines[" + (i + 1) + "]", "is not a line");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (String field : LINE_FIELDS) {
                Object value = line.get(field);
                if (value != null) {
                    if (AMOUNTS.contains(field) && new BigDecimal(value.toString()).signum() < 0) {
                        // Dinero's advice: a credit note never has negative amounts; we do not guess its meaning.
                        throw record.fail("ProductLines[" + (i + 1) + "]." + field, "is negative (" + value
                                + "): the invoice cannot be credited line for line; credit it in Dinero by hand");
                    }
                    copy.put(field, value);
                }
            }
            lines.add(copy);
        }
        body.put("ProductLines", lines);
        return body;
    }

    /** The credit note's ExternalReference: how it is found again (creates are not idempotent). */
    static String marker(String crmId) {
        return "crm-credit:" + crmId;
    }
}
