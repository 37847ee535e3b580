package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.dinero.DineroClient;
import dk.simplydinero.dinero.DineroException;
import dk.simplydinero.invoices.Invoices;
import dk.simplydinero.model.DineroResource;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.StoreTransaction;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one mapped CRM record to Dinero and links it:
 * <ul>
 *   <li>linked and the CRM side's fingerprint equals the one we last wrote or saw → nothing is sent
 *       ({@code unchanged});</li>
 *   <li>linked and changed → read, merge our fields over Dinero's record, full-replace PUT ({@code updated});
 *       a booked invoice is left alone and reported ({@code skipped});</li>
 *   <li>not linked → first contact by ExternalReference or natural key (link, and update if it differs), else
 *       create with {@code ExternalReference} = CRM id ({@code created}).</li>
 * </ul>
 * The merge matters: Dinero's PUT replaces the whole record, so fields an accountant set in Dinero and we do
 * not map (EAN number, payment terms…) must be sent back as they are.
 */
@Component
public class DineroWriter {

    /** Properties Dinero answers but does not take in a PUT. */
    private static final Set<String> READ_ONLY = Set.of("ContactGuid", "ProductGuid", "Guid", "CreatedAt", "UpdatedAt",
            "DeletedAt", "IsDebitor", "IsCreditor", "TimeStamp", "Timestamp", "Number", "Status", "PaymentStatus",
            "ContactName", "TotalExclVat", "TotalVat", "TotalInclVat", "TotalExclVatInDkk", "TotalInclVatInDkk",
            "TotalLines", "PaymentDate", "MailOutStatus", "LatestMailOutType");

    private final DineroClient dinero;
    private final LinkStore links;
    private final FailureStore failures;
    private final Fingerprints fingerprints;
    private final SyncProperties settings;
    private final UncertainCreates uncertain;
    private final StoreTransaction transaction;

    public DineroWriter(DineroClient dinero, LinkStore links, FailureStore failures, Fingerprints fingerprints,
                        SyncProperties settings, UncertainCreates uncertain, StoreTransaction transaction) {
        this.transaction = transaction;
        this.uncertain = uncertain;
        this.dinero = dinero;
        this.links = links;
        this.failures = failures;
        this.fingerprints = fingerprints;
        this.settings = settings;
    }

    /** What a write of an invoice is known to leave besides what it sent: a draft (without payments). */
    private static final Map<String, Object> DRAFT = Map.of("Status", "Draft");

    /**
     * The Dinero side a link keeps after our write of {@code sent}. One way, the content sent is enough. Both ways it
     * must not read back as a Dinero change when the record next comes back in Dinero's change feed: it is what we
     * expect Dinero to hold ({@link Fingerprints#expected}), compared with Dinero's record the next time that is read
     * anyway (Pairing), with no read after the write.
     */
    private String afterWrite(SyncModule module, String guid, Map<String, Object> sent, Side side) {
        if (settings.getDirection() == SyncProperties.Direction.CRM_TO_DINERO) {
            return side.dinero();
        }
        String expected = fingerprints.expected(module, sent, module == SyncModule.INVOICES ? DRAFT : Map.of());
        return expected != null ? expected
                : fingerprints.dinero(module, dinero.get(module.dineroResource(), guid), null);
    }

    /**
     * @param crmFingerprint the CRM side of the record as read ({@link Fingerprints#crm}): equal to the link's means
     *                       the CRM side did not change since we last wrote or saw it, so there is nothing to copy
     * @param crmModifiedTime the CRM record's modifiedtime as read with that fingerprint (null: not known), kept with
     *                       the link: a CRM record back in the CRM's feed with it unchanged is not read again (Pairing)
     * @param overwrite      both sides changed and the CRM won: compare with Dinero's record, never only with hashes
     */
    public WriteOutcome write(SyncModule module, String crmId, Map<String, Object> mapped, String crmFingerprint,
                              String crmModifiedTime, DineroLookup lookup, boolean overwrite) {
        Side side = new Side(crmFingerprint, fingerprints.dinero(module, mapped), crmModifiedTime);
        WritePlan plan = plan(module, crmId, mapped, crmFingerprint, lookup, overwrite,
                guid -> links.linksDineroRecord(module.dineroResource(), guid));
        WriteOutcome outcome = switch (plan.kind()) {
            case UNCHANGED -> settled(module, crmId, WriteOutcome.of(WriteOutcome.Action.UNCHANGED, plan.target()));
            case UPDATE -> settled(module, crmId, update(module, crmId, plan.target(), mapped, side));
            case CREATE -> create(module, crmId, mapped, side);
        };
        // A record created here is not added to the run's lookup: it is linked, so a later record holding its key
        // could not be paired with it anyway (taken), and the lookup stays the size of what Dinero held before the run.
        return outcome;
    }

    /** The record is synced: its failure is over, and no create of it is uncertain. */
    private void settle(SyncModule module, String crmId) {
        failures.resolve(module, crmId);
        uncertain.doneDinero(module, crmId);
    }

    private WriteOutcome settled(SyncModule module, String crmId, WriteOutcome outcome) {
        settle(module, crmId);
        return outcome;
    }

    /**
     * What {@link #write} does with the record (reads only: the link, and Dinero's first-contact lookup), shared with
     * the dry run.
     *
     * @param taken a Dinero record already linked to another CRM record (it is not taken by first contact)
     */
    WritePlan plan(SyncModule module, String crmId, Map<String, Object> mapped, String crmFingerprint,
                   DineroLookup lookup, boolean overwrite, java.util.function.Predicate<String> taken) {
        Optional<Link> link = links.byCrmId(module, crmId);
        if (link.isPresent()) {
            // Only the CRM side's fingerprint can say "nothing to write": Dinero's covers what flows back to the CRM,
            // not all we write (a product's number and account, an invoice's language…), so a changed CRM record is
            // compared with Dinero's record itself (update).
            boolean unchanged = !overwrite && crmFingerprint.equals(link.get().crmHash());
            return unchanged ? WritePlan.unchanged(link.get().dineroId()) : WritePlan.update(link.get().dineroId());
        }
        return lookup.find(module, crmId, mapped).filter(guid -> !taken.test(guid))
                .map(WritePlan::update).orElseGet(WritePlan::create);
    }

    /**
     * What a link keeps after a write: the CRM side as read (fingerprint, modifiedtime), the Dinero side as written.
     */
    private record Side(String crm, String dinero, String crmModifiedTime) {
    }

    /**
     * Creates the record, crash-safe ({@link UncertainCreates}): the intent is stored before the call and removed with the link. A create
     * left uncertain (answer lost, or the process stopped before the link was stored) is looked up by its
     * ExternalReference (the CRM id) before it is sent again; one found is brought up to date like any linked
     * record, since the CRM may have changed since.
     */
    private WriteOutcome create(SyncModule module, String crmId, Map<String, Object> mapped, Side side) {
        boolean earlier = uncertain.beginDinero(module, crmId);
        AtomicBoolean found = new AtomicBoolean();
        DineroClient.InvoiceRef ref = dinero.guard().createOrFind(
                () -> uncertain.findInDinero(module, crmId).map(r -> {
                    found.set(true);
                    return r;
                }),
                () -> module == SyncModule.INVOICES ? dinero.createInvoice(mapped)
                        : new DineroClient.InvoiceRef(dinero.create(module.dineroResource(), mapped), null),
                earlier);
        if (found.get()) {
            WriteOutcome outcome = update(module, crmId, ref.guid(), mapped, side);
            return settled(module, crmId, outcome.action() == WriteOutcome.Action.UNCHANGED
                    ? WriteOutcome.of(WriteOutcome.Action.CREATED, ref.guid()) : outcome);
        }
        Link link = new Link(module, crmId, ref.guid(), side.crm(), afterWrite(module, ref.guid(), mapped, side),
                side.crmModifiedTime(), ref.timestamp());
        // One commit: a crash leaves the intent (looked up next run) or the link, never both, never neither.
        transaction.inOne(() -> {
            links.insertNew(link); // unlinked when planned, under the record's lock
            settle(module, crmId);
        });
        return WriteOutcome.of(WriteOutcome.Action.CREATED, ref.guid());
    }

    /** Reads the record from Dinero first, whatever it then finds (the outcome says so, for the time left). */
    private WriteOutcome update(SyncModule module, String crmId, String guid, Map<String, Object> mapped, Side side) {
        return update(module, crmId, guid, mapped, side, false).afterDineroRead();
    }

    private WriteOutcome update(SyncModule module, String crmId, String guid, Map<String, Object> mapped, Side side,
                                boolean retried) {
        DineroResource type = module.dineroResource();
        Map<String, Object> current;
        try {
            current = dinero.get(type, guid);
        } catch (DineroException.NotFound e) {
            return new WriteOutcome(WriteOutcome.Action.SKIPPED, guid, WritePlan.deletedIn(module, crmId, "Dinero"));
        }
        if (booked(module, current)) {
            // The CRM's version is seen (reported once, not at each re-read) but Dinero's side stays as last seen: a
            // stale CRM fingerprint would make every later read of the CRM invoice a change that wins under
            // crm-first and is skipped again, so the booking would never reach the CRM.
            links.byCrmId(module, crmId).filter(l -> guid.equals(l.dineroId()))
                    .ifPresent(l -> links.save(l.withCrm(side.crm(), side.crmModifiedTime())));
            return new WriteOutcome(WriteOutcome.Action.SKIPPED, guid, bookedReason(crmId, current));
        }
        if (SameContent.holds(current, mapped)) {
            String held = settings.getDirection() == SyncProperties.Direction.CRM_TO_DINERO ? side.dinero()
                    : fingerprints.dinero(module, current, null);
            links.save(new Link(module, crmId, guid, side.crm(), held, side.crmModifiedTime(),
                    DineroClient.timestampOf(current)));
            return WriteOutcome.of(WriteOutcome.Action.UNCHANGED, guid);
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        current.forEach((k, v) -> {
            if (!READ_ONLY.contains(k)) {
                merged.put(k, v);
            }
        });
        merged.putAll(mapped);
        String timestamp = null;
        if (module == SyncModule.INVOICES) {
            try {
                timestamp = dinero.updateInvoice(guid, merged, DineroClient.timestampOf(current));
            } catch (DineroException.StaleTimestamp e) {
                // Someone changed the draft between our read and our write: start over from a fresh read, so their
                // change is merged (or the invoice, booked meanwhile, is left alone) instead of overwritten.
                return retried ? failedTwice(module, crmId, e) : update(module, crmId, guid, mapped, side, true);
            }
        } else {
            dinero.update(type, guid, merged);
        }
        links.save(new Link(module, crmId, guid, side.crm(), afterWrite(module, guid, merged, side),
                side.crmModifiedTime(), timestamp));
        return WriteOutcome.of(WriteOutcome.Action.UPDATED, guid);
    }

    /** A booked invoice is never overwritten (only a draft can be changed in Dinero). */
    static boolean booked(SyncModule module, Map<String, Object> current) {
        return module == SyncModule.INVOICES && !"Draft".equalsIgnoreCase(String.valueOf(current.get("Status")));
    }

    /** Why a booked invoice is left alone (the run's message, and the dry run's reason). */
    static String bookedReason(String crmId, Map<String, Object> current) {
        return "invoice " + crmId + " is booked in Dinero" + numberOf(current) + " and is not overwritten";
    }

    private static WriteOutcome failedTwice(SyncModule module, String crmId, DineroException.StaleTimestamp e) {
        throw new DineroException.StaleTimestamp(module.key() + " " + crmId
                + ": the draft kept changing in Dinero while we wrote it (tried twice)", e.httpStatus(), e.code(),
                e.dineroMessage());
    }

    static String numberOf(Map<String, Object> invoice) {
        Object number = invoice.get("Number");
        return Invoices.numbered(number) ? " as number " + number : "";
    }
}
