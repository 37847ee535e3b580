package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmAccessDeniedException;
import dk.simplydinero.crm.CrmNotFoundException;
import dk.simplydinero.crm.CrmValidationException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.invoices.VoucherLanguage;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.DineroRecord;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.CreditNoteStore;
import dk.simplydinero.store.CursorStore;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Issue 14.3, Dinero → CRM: a credit note booked in Dinero whose {@code CreditNoteFor} is a linked invoice turns the
 * CRM invoice into {@code Credit Invoice} (stock vtiger status) with one comment naming it, e.g. {@code Kreditnota 1043,
 * 02-11-2026: 1.250,00 kr. (Dinero) [dinero:<guid>]} (English for a non-Danish credit note), written once as the
 * payment comments are ({@link PaymentHistory#creditNoteComment}: same store, marker and crash safety). A draft, or a
 * credit note of an invoice not linked, writes nothing to the CRM and is counted {@code skipped} with a run note.
 * Counted as its own module, {@link #MODULE}, after the invoices (so an invoice booked and credited between two runs is
 * linked first), wherever Dinero is read ({@code dinero-to-crm}, {@code both}), and only while {@code invoices} is
 * synced and {@code sync.credit-notes} is not {@code off} (one setting for credit notes, both ways).
 *
 * <p>Read incrementally, as the other Dinero feeds ({@link DineroChanges}): {@code changesSince} its own cursor less
 * {@link DineroChanges#OVERLAP}, the cursor taken from this service's clock when the read began and moved when the
 * module is done (not when the run was stopped). Request economy: one list request per run (its rows carry Guid,
 * Number, Status, DeletedAt: the list cannot show {@code CreditNoteFor}); one GET per booked credit note not handled
 * before; a credit note seen before in the same state ({@code sync_credit_note_seen}) costs nothing, so the overlap
 * reads none twice. One not applied (its invoice not linked yet, or the CRM write failed) is tried again by the next
 * runs: without a request while its invoice is not linked, with the GET once it is.
 *
 * <p>A draft may be booked without its {@code UpdatedAt} moving (nothing documents that booking moves it), so the
 * changes since the cursor might never list it again: while a draft is held, the run's one list is of all credit notes
 * (no {@code changesSince}; the same request, more pages only past 1000 credit notes), which shows the drafts booked
 * since, and the drafts it no longer shows (deleted) are forgotten. With no draft held the list is of the changes.
 *
 * <p>The status is written whatever becomes of the comment: a comment the CRM refuses ({@code ACCESS_DENIED},
 * {@code MANDATORY_FIELDS_MISSING}) is a run note, and the comment alone is tried again by the next runs (the GET for
 * its text, no second status write), a note each run until the CRM takes it, as the payment comments are. A booked
 * credit note that can never be applied, for no invoice ({@code CreditNoteFor} empty: Dinero allows a free-standing
 * one) or answered NotFound, is counted {@code skipped} once with a note naming it and never read again.
 *
 * <p>The CRM invoice keeps {@code Credit Invoice}: {@link DineroToCrm#write} does not set it back from Dinero's
 * invoice state ({@link #keepsCredit}); CRM → Dinero does not send the status (a booked invoice is not updated anyway).
 */
@Component
public class BookedCreditNotes {

    /** The module's key in a run's counts and in the cursor table. */
    public static final String MODULE = "creditnotes";
    /** The stock vtiger status of a credited invoice. */
    static final String CREDIT_INVOICE = "Credit Invoice";
    /** Dinero requests a credit note is taken to need for the time left: the GET of a booked one. */
    static final double REQUESTS_PER_NOTE = 1.0;

    private static final String DRAFT = "Draft";
    private static final String BOOKED = "Booked";
    /** End state: a booked credit note for no invoice. */
    private static final String NO_INVOICE = "NoInvoice";
    /** End state: a booked credit note Dinero answered NotFound for. */
    private static final String NOT_FOUND = "NotFound";
    private static final Logger log = LoggerFactory.getLogger(BookedCreditNotes.class);

    private final SyncProperties settings;
    private final DineroClient dinero;
    private final SimplyCrmClient crm;
    private final LinkStore links;
    private final CreditNoteStore store;
    private final CursorStore cursors;
    private final PaymentHistory comments;
    private final SyncRuns runs;
    private final Clock clock;

    public BookedCreditNotes(SyncProperties settings, DineroClient dinero, SimplyCrmClient crm, LinkStore links,
                             CreditNoteStore store, CursorStore cursors, PaymentHistory comments, SyncRuns runs,
                             Clock clock) {
        this.settings = settings;
        this.dinero = dinero;
        this.crm = crm;
        this.links = links;
        this.store = store;
        this.cursors = cursors;
        this.comments = comments;
        this.runs = runs;
        this.clock = clock;
    }

    /** Whether the run reads Dinero's credit notes: {@code sync.credit-notes} not off, and invoices synced. */
    public boolean takesPart() {
        return settings.getCreditNotes() != SyncProperties.CreditNotes.OFF
                && settings.getModules().contains(SyncModule.INVOICES);
    }

    /**
     * The module's run: the credit notes not applied before, then the feed; the cursor moves when it is read to its
     * end. Never throws: a feed Dinero will not answer ends the run failed (or stopped, a side down) with the reason,
     * as a module that cannot be read does; one credit note that fails counts {@code failed} with a run note and is
     * tried again next run.
     */
    public void sync(@Header("runId") long runId) {
        SyncRun run = runs.run(runId);
        Instant upTo = clock.instant();
        runs.moduleStarted(runId, MODULE);
        try {
            if (runs.stopped(runId)) {
                return; // a side is down: no feed is read further, as in the other modules
            }
            for (String guid : retries()) {
                if (runs.stopped(runId)) {
                    return;
                }
                handleBooked(run, runId, guid);
            }
            boolean whole = store.draftsPending();
            Set<String> listed = new HashSet<>();
            Iterator<Map<String, Object>> feed = dinero.stream(DineroResource.CREDIT_NOTES, query(whole)).iterator();
            while (feed.hasNext() && !runs.stopped(runId)) {
                Map<String, Object> row = feed.next();
                listed.add(String.valueOf(row.get("Guid")));
                handle(run, runId, row);
            }
            if (!runs.stopped(runId)) {
                if (whole) {
                    store.forgetDraftsBut(listed);
                }
                cursors.put(MODULE, CursorStore.Side.DINERO, upTo.toString());
            }
        } catch (RuntimeException e) {
            RecordFailure failure = RecordFailure.of(e, "dinero");
            String reason = MODULE + ": " + failure.message();
            if (failure.stopsTheRun()) {
                run.stop(reason);
            } else {
                run.fatal(reason);
            }
            log.error("Run {}: {} stopped: {}", runId, MODULE, failure.message());
        } finally {
            runs.moduleDoneByKey(runId, MODULE);
        }
    }

    /**
     * The feed: the credit notes changed since the cursor (less the overlap); all of them the first time, and while a
     * draft is held (its booking may not move its UpdatedAt).
     */
    ListQuery query() {
        return query(store.draftsPending());
    }

    private ListQuery query(boolean whole) {
        ListQuery query = ListQuery.all().pageSize(ListQuery.MAX_PAGE_SIZE).fields("Guid", "Number", "Status",
                "DeletedAt");
        Optional<Instant> cursor = cursors.get(MODULE, CursorStore.Side.DINERO).map(Instant::parse);
        return cursor.isPresent() && !whole ? query.changesSince(cursor.get().minus(DineroChanges.OVERLAP)) : query;
    }

    /** What the module does with a row of its feed ({@link #step}). */
    enum Step {
        /** Deleted, or seen before in this state (the overlap): nothing, not counted. */
        NOTHING,
        /** A draft: counted skipped, nothing written. */
        DRAFT,
        /** Booked and not handled: read whole for its invoice, then applied. */
        BOOKED
    }

    /** The step for a feed row, from the row and the store only (shared with the dry run). */
    Step step(Map<String, Object> row) {
        if (DineroClient.isDeleted(row)) {
            return Step.NOTHING; // a booked credit note cannot be deleted; a deleted draft never reached the CRM
        }
        String status = DRAFT.equalsIgnoreCase(String.valueOf(row.get("Status")).strip()) ? DRAFT : BOOKED;
        Optional<CreditNoteStore.Seen> seen = store.seen(String.valueOf(row.get("Guid")));
        if (seen.isPresent() && (seen.get().status().equals(status) || ended(seen.get()))) {
            return Step.NOTHING; // handled in this state already (a booked one not applied is tried again apart)
        }
        return status.equals(DRAFT) ? Step.DRAFT : Step.BOOKED;
    }

    /** A booked credit note that can never be applied (for no invoice, or not found): read no more. */
    private static boolean ended(CreditNoteStore.Seen seen) {
        return NO_INVOICE.equals(seen.status()) || NOT_FOUND.equals(seen.status());
    }

    /**
     * The booked credit notes not applied before that are worth a new try: their invoice unknown (the GET failed) or
     * linked now. One whose invoice is still not linked costs nothing. Then those applied whose comment is missing
     * (refused, or its create uncertain): the comment alone is tried again.
     */
    List<String> retries() {
        Set<String> guids = new LinkedHashSet<>();
        store.notApplied().stream().filter(s -> s.invoiceGuid() == null
                        || links.byDineroId(SyncModule.INVOICES, s.invoiceGuid()).isPresent())
                .forEach(s -> guids.add(s.creditNoteGuid()));
        store.commentPending().forEach(s -> guids.add(s.creditNoteGuid()));
        return List.copyOf(guids);
    }

    /** The run's note on a draft. */
    static String draftSkipped(String guid) {
        return "credit note " + guid + " is a draft in Dinero: nothing is written to the CRM until it is booked";
    }

    /** The run's note on a booked credit note whose invoice is not linked. */
    static String notLinked(DineroRecord note, String invoiceGuid) {
        return "credit note " + number(note) + " is for Dinero invoice " + invoiceGuid
                + ", which is not linked to a CRM invoice: nothing is written to the CRM";
    }

    /** The run's note on a booked credit note whose CRM invoice was deleted. */
    static String deletedInCrm(DineroRecord note, String crmId) {
        return "credit note " + number(note) + " is for CRM invoice " + crmId + ", which was deleted in the CRM:"
                + " nothing is written";
    }

    /** The run's note on a booked credit note for no invoice. */
    static String forNoInvoice(DineroRecord note) {
        return "credit note " + number(note) + " credits no invoice in Dinero (no CreditNoteFor): nothing is written"
                + " to the CRM";
    }

    /** The run's note on a credit note listed as booked that Dinero answers NotFound for. */
    static String notFound(String guid) {
        return "credit note " + guid + " is not found in Dinero: nothing is written to the CRM";
    }

    /** The run's note on a comment the CRM refused: the status is written, the comment tried again. */
    static String commentRefused(DineroRecord note, String crmId, String reason) {
        return "the comment naming credit note " + number(note) + " on CRM invoice " + crmId
                + " is not written (the next run tries again): " + reason;
    }

    /** The invoice a booked credit note (read whole) credits: its {@code CreditNoteFor}; empty for none. */
    static Optional<String> invoiceOf(DineroRecord note) {
        String invoice = note.text("CreditNoteFor").strip();
        return invoice.isEmpty() ? Optional.empty() : Optional.of(invoice);
    }

    /** Whether the credit note's comment is still to be written (or its create is uncertain). */
    boolean commentMissing(String guid) {
        return comments.missing(guid);
    }

    /** One row of the feed. */
    private void handle(SyncRun run, long runId, Map<String, Object> row) {
        String guid = String.valueOf(row.get("Guid"));
        switch (step(row)) {
            case NOTHING -> {
                if (DineroClient.isDeleted(row)) {
                    store.forgetDraft(guid); // a deleted draft: nothing to wait for
                }
            }
            case DRAFT -> {
                store.saw(guid, DRAFT, null);
                count(runId, WriteOutcome.Action.SKIPPED, draftSkipped(guid));
            }
            case BOOKED -> handleBooked(run, runId, guid);
        }
    }

    /** A booked credit note: read whole for its invoice, then applied to the linked CRM invoice. */
    private void handleBooked(SyncRun run, long runId, String guid) {
        try {
            if (!store.seen(guid).map(s -> BOOKED.equals(s.status())).orElse(false)) {
                store.saw(guid, BOOKED, null); // before the GET: one that fails is tried again
            }
            Map<String, Object> note;
            try {
                note = dinero.creditNote(guid);
            } catch (DineroException.NotFound e) {
                // a booked credit note cannot be deleted, so this one will not come back: said once, read no more
                store.saw(guid, NOT_FOUND, null);
                count(runId, WriteOutcome.Action.SKIPPED, notFound(guid));
                return;
            }
            DineroRecord record = DineroRecord.of("Dinero credit note", "Guid", note);
            Optional<String> credited = invoiceOf(record);
            if (credited.isEmpty()) {
                store.saw(guid, NO_INVOICE, null); // booked: it will never name an invoice
                count(runId, WriteOutcome.Action.SKIPPED, forNoInvoice(record));
                return;
            }
            String invoiceGuid = credited.get();
            store.credits(guid, invoiceGuid);
            Optional<String> crmId = links.byDineroId(SyncModule.INVOICES, invoiceGuid).map(Link::crmId);
            if (crmId.isEmpty()) {
                count(runId, WriteOutcome.Action.SKIPPED, notLinked(record, invoiceGuid));
                return;
            }
            count(runId, apply(run, runId, crmId.get(), guid, record), null);
        } catch (RuntimeException e) {
            RecordFailure failure = RecordFailure.of(e, "dinero");
            if (failure.stopsTheRun()) {
                throw e; // a side down or credentials refused: no credit note after it can pass
            }
            log.warn("Run {}: credit note {} not applied: {}", runId, guid, failure.message());
            count(runId, WriteOutcome.Action.FAILED, null);
            run.note("credit note " + guid + " is not applied to its CRM invoice (the next run tries again): "
                    + failure.message());
        }
    }

    /**
     * The CRM invoice gets {@code Credit Invoice} (the full-record update, as the writers update) and the credit note's
     * comment. Updated when something was written; unchanged when the CRM held both (a try after a crash). The status
     * first: a comment the CRM refuses is a run note (the comment alone is tried again later), not a failure.
     */
    private WriteOutcome.Action apply(SyncRun run, long runId, String crmId, String guid, DineroRecord note) {
        String text = text(note); // bad data fails before anything is written
        Map<String, Object> current;
        try {
            current = crm.retrieve(crmId);
        } catch (CrmNotFoundException e) {
            store.applied(guid, crmId);
            run.note(deletedInCrm(note, crmId));
            return WriteOutcome.Action.SKIPPED;
        }
        boolean wrote = false;
        if (!CREDIT_INVOICE.equals(String.valueOf(current.get("invoicestatus")).strip())) {
            Map<String, Object> updated = crm.update(current, Map.of("invoicestatus", CREDIT_INVOICE));
            seenAfterUpdate(crmId, current, updated);
            wrote = true;
        }
        store.applied(guid, crmId);
        boolean commented = false;
        try {
            commented = comments.creditNoteComment(run, runId, crmId, guid, text);
        } catch (CrmValidationException | CrmAccessDeniedException refused) {
            log.warn("Run {}: the comment of credit note {} on CRM invoice {} is refused: {}", runId, guid, crmId,
                    refused.getMessage());
            run.note(commentRefused(note, crmId, refused.getMessage()));
        }
        log.info("Run {}: CRM invoice {} is a credit invoice (credit note {}{})", runId, crmId, number(note),
                commented ? ", comment written" : "");
        return wrote || commented ? WriteOutcome.Action.UPDATED : WriteOutcome.Action.UNCHANGED;
    }

    /**
     * The link keeps the CRM's modifiedtime after our status write, as the other writers keep it, so the next run that
     * reads the CRM does not read the invoice again for it; only when the link knew the version just updated (an edit
     * made in the CRM since stays to be seen). The fingerprint stays: the status is not sent to Dinero.
     */
    private void seenAfterUpdate(String crmId, Map<String, Object> before, Map<String, Object> updated) {
        Object modified = updated.get("modifiedtime");
        links.byCrmId(SyncModule.INVOICES, crmId)
                .filter(l -> modified != null
                        && Objects.equals(l.crmModifiedTime(), String.valueOf(before.get("modifiedtime"))))
                .ifPresent(l -> links.save(l.withCrm(l.crmHash(), modified.toString())));
    }

    /** The comment naming the credit note: its number, date and total, in its language, ending with its marker. */
    static String text(DineroRecord note) {
        String number = note.requiredText("Number", "number (a booked credit note has one)");
        LocalDate date = note.date("Date");
        if (date == null) {
            throw note.fail("Date", "is empty");
        }
        BigDecimal total = note.requiredDecimal("TotalInclVat");
        VoucherLanguage language = VoucherLanguage.of(note.text("Language"));
        return language.say("Kreditnota ", "Credit note ") + number + ", " + language.date(date) + ": "
                + InvoiceMoney.amount(total, note.text("Currency"), language.locale()) + " (Dinero) "
                + PaymentHistory.marker(note.requiredText("Guid", "guid"));
    }

    static String number(DineroRecord note) {
        String number = note.text("Number");
        return number.isEmpty() ? note.text("Guid") : number + " (" + note.text("Guid") + ")";
    }

    /**
     * A CRM invoice a booked credit note turned into {@code Credit Invoice} keeps that status whatever Dinero's invoice
     * state says (booked, paid: a credit note may settle it): {@code mapped}, the Dinero invoice {@code invoiceGuid}
     * mapped for the CRM, says so (the run's write, {@link DineroToCrm#write}, and the dry run's alike).
     */
    void keepCredit(String invoiceGuid, Map<String, Object> mapped) {
        if (mapped.containsKey("invoicestatus") && store.credited(invoiceGuid)) {
            mapped.put("invoicestatus", CREDIT_INVOICE);
        }
    }

    private void count(long runId, WriteOutcome.Action action, String skipped) {
        runs.count(runId, FailureStore.Direction.DINERO_TO_CRM, MODULE, new WriteOutcome(action, null, skipped));
    }
}
