package dk.simplydinero.sync;

import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.CrmNotFoundException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.CrmCustomers;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.store.StoreTransaction;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one mapped Dinero record to the CRM and links it (the mirror of {@link DineroWriter}):
 * <ul>
 *   <li>linked, and Dinero's side unchanged since we last wrote or saw it (its fingerprint) → nothing is sent:
 *       this is how our own writes to Dinero, coming back in its change feed, are not bounced back;</li>
 *   <li>linked and changed → full-record update (retrieve, merge our fields, update: vtiger's update needs every
 *       mandatory field); nothing is sent when the CRM already holds the values;</li>
 *   <li>not linked → first contact by natural key (VAT number or e-mail for organizations, e-mail for persons,
 *       product number for products), else create.</li>
 * </ul>
 */
@Component
public class CrmWriter {

    private final SimplyCrmClient crm;
    private final LinkStore links;
    private final FailureStore failures;
    private final Fingerprints fingerprints;
    private final UncertainCreates uncertain;
    private final ActiveMapping mapping;
    private final RecordTypes types;
    private final StoreTransaction transaction;
    private final CrmCustomers customers;

    public CrmWriter(SimplyCrmClient crm, LinkStore links, FailureStore failures, Fingerprints fingerprints,
                     UncertainCreates uncertain, ActiveMapping mapping,
                     RecordTypes types, StoreTransaction transaction, CrmCustomers customers) {
        this.customers = customers;
        this.transaction = transaction;
        this.types = types;
        this.mapping = mapping;
        this.uncertain = uncertain;
        this.crm = crm;
        this.links = links;
        this.failures = failures;
        this.fingerprints = fingerprints;
    }

    /**
     * @param dineroFingerprint the Dinero side of the record as read ({@link Fingerprints#dinero})
     * @param dineroVersion     its {@code UpdatedAt} as read (kept with the link: the feed's next sight of this very
     *                          version is not read again, {@link DineroToCrm#live}); null when not known
     */
    /**
     * @param overwrite  both sides changed and Dinero won: compare with the CRM record, never only with hashes
     * @param pairedCrmId the unlinked CRM record the aggregator paired this one with (natural key), or null
     */
    public WriteOutcome write(SyncModule module, String dineroId, Map<String, Object> mapped, String dineroFingerprint,
                              String dineroVersion, boolean overwrite, String pairedCrmId, CrmIndex index) {
        Read read = new Read(dineroFingerprint, dineroVersion);
        WritePlan plan = plan(module, dineroId, mapped, dineroFingerprint, overwrite, pairedCrmId, index,
                crmId -> links.byCrmId(module, crmId).isPresent());
        return switch (plan.kind()) {
            case UNCHANGED -> settled(module, dineroId, WriteOutcome.of(WriteOutcome.Action.UNCHANGED, plan.target()));
            case UPDATE -> settled(module, dineroId, update(module, plan.target(), dineroId, mapped, read));
            case CREATE -> create(module, dineroId, mapped, read, index);
        };
    }

    /** The record is synced: its failure is over, and no create of it is uncertain. */
    private void settle(SyncModule module, String dineroId) {
        failures.resolveDinero(module, dineroId);
        uncertain.doneCrm(module, dineroId);
    }

    private WriteOutcome settled(SyncModule module, String dineroId, WriteOutcome outcome) {
        settle(module, dineroId);
        return outcome;
    }

    /**
     * What {@link #write} does with the record (reads only: the link, and the CRM's first-contact query), shared with
     * the dry run.
     *
     * @param taken a CRM record already linked to another Dinero record (it is not taken by first contact)
     */
    WritePlan plan(SyncModule module, String dineroId, Map<String, Object> mapped, String dineroFingerprint,
                   boolean overwrite, String pairedCrmId, CrmIndex index, java.util.function.Predicate<String> taken) {
        Optional<Link> link = links.byDineroId(module, dineroId);
        if (link.isPresent()) {
            return !overwrite && dineroFingerprint.equals(link.get().dineroHash())
                    ? WritePlan.unchanged(link.get().crmId()) : WritePlan.update(link.get().crmId());
        }
        return (pairedCrmId != null ? Optional.of(pairedCrmId) : index.find(module, mapped))
                .filter(crmId -> !taken.test(crmId)).map(WritePlan::update).orElseGet(WritePlan::create);
    }

    /**
     * Creates the record, crash-safe ({@link UncertainCreates}): the intent is stored before the call and removed with
     * the link. A create left uncertain (answer lost, or the process stopped before the link was stored) is looked
     * for before it is sent again, so it is never made twice. A record found that way may be half made (vtiger's
     * invoice create is not atomic: the header can be stored without its lines), so it is compared with what was sent
     * and brought in line like a linked record; it counts as created.
     */
    private WriteOutcome create(SyncModule module, String dineroId, Map<String, Object> mapped, Read read,
                                CrmIndex index) {
        UncertainCreates.CrmIntent intent = uncertain.beginCrm(module, dineroId, mapped, index.highestId(module));
        AtomicBoolean found = new AtomicBoolean();
        Map<String, Object> created = crm.guard().createOrFind(() -> uncertain.findInCrm(module, intent.identifying())
                        .map(record -> {
                            found.set(true);
                            return record;
                        }),
                () -> crm.create(module.crmModule(), mapped), intent.earlier());
        // Not added to the run's index: the record is linked below, so a later record holding its key could not be
        // paired with it anyway (taken), and the index stays the size of what the module held before the run.
        String crmId = String.valueOf(created.get("id"));
        if (found.get()) {
            WriteOutcome outcome = update(module, crmId, dineroId, mapped, read, created);
            return settled(module, dineroId, outcome.action() == WriteOutcome.Action.SKIPPED ? outcome
                    : WriteOutcome.of(WriteOutcome.Action.CREATED, crmId));
        }
        // vtiger's create answers the record it made, an invoice with its LineItems and totals (simplycrm-api.md):
        // checked and linked from that answer; read back only if a server's answer lacks the lines.
        Map<String, Object> stored = module == SyncModule.INVOICES && !(created.get("LineItems") instanceof List)
                ? crm.retrieve(crmId) : created;
        saveChecked(module, crmId, dineroId, mapped, read, stored, true);
        return WriteOutcome.of(WriteOutcome.Action.CREATED, crmId);
    }

    private WriteOutcome update(SyncModule module, String crmId, String dineroId, Map<String, Object> mapped,
                                Read read) {
        Map<String, Object> current;
        try {
            current = crm.retrieve(crmId);
        } catch (CrmNotFoundException e) {
            return new WriteOutcome(WriteOutcome.Action.SKIPPED, crmId, WritePlan.deletedIn(module, crmId, "the CRM"));
        }
        return update(module, crmId, dineroId, mapped, read, current);
    }

    /** Brings {@code current} (the CRM record as just retrieved) in line with {@code mapped}, if it is not. */
    private WriteOutcome update(SyncModule module, String crmId, String dineroId, Map<String, Object> mapped,
                                Read read, Map<String, Object> current) {
        if (SameContent.holds(current, mapped)) {
            customers.wrote(types.of(module), crmId, current);
            links.save(new Link(module, crmId, dineroId, fingerprints.crm(module, current), read.fingerprint(),
                    String.valueOf(current.get("modifiedtime")), read.version()));
            return WriteOutcome.of(WriteOutcome.Action.UNCHANGED, crmId);
        }
        // An answer kept from an earlier write of this customer is no longer the truth, whatever this one does.
        customers.forget(crmId);
        Map<String, Object> updated = crm.update(current, mapped);
        Map<String, Object> stored = module == SyncModule.INVOICES ? crm.retrieve(crmId) : updated;
        saveChecked(module, crmId, dineroId, mapped, read, stored, false);
        return WriteOutcome.of(WriteOutcome.Action.UPDATED, crmId);
    }

    /**
     * Links the record as the CRM now holds it ({@code stored}, read after the write). An invoice must hold the lines
     * that were sent and the total they make ({@link InvoiceCheck}); one that does not is linked without Dinero's
     * fingerprint, so it is compared and written again next time, and fails now with what is wrong.
     *
     * @param settles a create's link: the intent's removal and (when it holds what was sent) the failure's resolution
     *                go in the same commit, so a crash leaves the intent (looked up next run) or the link, never both
     */
    private void saveChecked(SyncModule module, String crmId, String dineroId, Map<String, Object> mapped,
                             Read read, Map<String, Object> stored, boolean settles) {
        customers.wrote(types.of(module), crmId, stored);
        String problem = module == SyncModule.INVOICES ? InvoiceCheck.problem(stored, mapped) : null;
        Link link = new Link(module, crmId, dineroId, fingerprints.crm(module, stored),
                problem == null ? read.fingerprint() : null, String.valueOf(stored.get("modifiedtime")),
                problem == null ? read.version() : null);
        transaction.inOne(() -> {
            if (settles) {
                links.insertNew(link); // a record the CRM just made: no link names it yet
            } else {
                links.save(link);
            }
            if (problem == null && settles) {
                settle(module, dineroId);
            } else if (problem != null) {
                uncertain.doneCrm(module, dineroId); // linked: nothing uncertain is left
            }
        });
        if (problem != null) {
            throw new CrmException("update", InvoiceCheck.CODE, "invoice " + crmId + " (Dinero " + dineroId
                    + ") does not hold what was written: " + problem);
        }
    }

    /** The Dinero record as read: its fingerprint and its version ({@code UpdatedAt}), both kept with the link. */
    private record Read(String fingerprint, String version) {
    }

    /**
     * What a write of {@code mapped} must not share with another write of the run at the same time
     * ({@link SyncRun#writing}): the first-contact keys ({@link CrmIndex#keys}, with the record found when not linked
     * yet), and what an uncertain create is looked up by ({@link UncertainCreates#findInCrm}, the newest unlinked
     * record alike), as written to its intent, or one create could take another writer's fresh record.
     */
    java.util.List<String> sharedKeys(SyncModule module, String dineroId, Map<String, Object> mapped, CrmIndex index) {
        // Once the run has read the module's keys, finding the record among them costs no request: its found key is
        // then taken whether it is linked or not (a key more only keeps one more write apart), without its link read.
        boolean firstContact = index.holds(module) || links.byDineroId(module, dineroId).isEmpty();
        java.util.List<String> keys = new java.util.ArrayList<>(index.keys(module, mapped, firstContact));
        keys.add("\0identifying\0" + uncertain.identifying(module, mapped));
        return keys;
    }

    /** First contact on the CRM side for one run (or dry run): each module's natural keys read once. */
    CrmIndex index() {
        return new CrmIndex(crm, mapping, types);
    }

    /** First contact on the CRM side for a run of one record: asked by the key. */
    CrmIndex directIndex() {
        return CrmIndex.direct(crm, mapping, types);
    }
}
