package dk.simplydinero.sync;

import dk.simplydinero.crm.CrmNotFoundException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.store.FailureStore;
import dk.simplydinero.store.PendingCreateStore;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Where our creates go, in the intent table's words. */
    private static final String SIDE = "crm";
    /** The CRM's {@code createdtime} format (UTC). */
    private static final DateTimeFormatter CRM_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final SimplyCrmClient crm;
    private final LinkStore links;
    private final FailureStore failures;
    private final Fingerprints fingerprints;
    private final SimplyCrmProperties crmSettings;
    private final PendingCreateStore pending;

    public CrmWriter(SimplyCrmClient crm, LinkStore links, FailureStore failures, Fingerprints fingerprints,
                     SimplyCrmProperties crmSettings, PendingCreateStore pending) {
        this.pending = pending;
        this.crm = crm;
        this.links = links;
        this.failures = failures;
        this.fingerprints = fingerprints;
        this.crmSettings = crmSettings;
    }

    /**
     * @param dineroFingerprint the Dinero side of the record as read ({@link Fingerprints#dinero})
     */
    /**
     * @param overwrite  both sides changed and Dinero won: compare with the CRM record, never only with hashes
     * @param pairedCrmId the unlinked CRM record the aggregator paired this one with (natural key), or null
     */
    public WriteOutcome write(SyncModule module, String dineroId, Map<String, Object> mapped, String dineroFingerprint,
                              boolean overwrite, String pairedCrmId) {
        Optional<Link> link = links.byDineroId(module, dineroId);
        WriteOutcome outcome;
        if (link.isPresent()) {
            outcome = !overwrite && dineroFingerprint.equals(link.get().dineroHash())
                    ? WriteOutcome.of(WriteOutcome.Action.UNCHANGED, link.get().crmId())
                    : update(module, link.get().crmId(), dineroId, mapped, dineroFingerprint);
        } else {
            Optional<String> existing = (pairedCrmId != null ? Optional.of(pairedCrmId) : findInCrm(module, mapped))
                    .filter(crmId -> links.byCrmId(module, crmId).isEmpty());
            outcome = existing.isPresent()
                    ? update(module, existing.get(), dineroId, mapped, dineroFingerprint)
                    : create(module, dineroId, mapped, dineroFingerprint);
        }
        failures.resolveDinero(module, dineroId);
        pending.done(module, SIDE, dineroId);
        return outcome;
    }

    /**
     * Creates the record, crash-safe: the intent is stored before the call and removed with the link. A create
     * left uncertain (answer lost, or the process stopped before the link was stored) is looked for before it is
     * sent again ({@link #findCreated}), so it is never made twice.
     */
    private WriteOutcome create(SyncModule module, String dineroId, Map<String, Object> mapped, String dineroFingerprint) {
        Optional<PendingCreateStore.Pending> earlier = pending.find(module, SIDE, dineroId);
        if (earlier.isEmpty()) {
            pending.begin(module, SIDE, dineroId, marker(module, mapped));
        }
        Instant since = earlier.map(PendingCreateStore.Pending::startedAt).orElse(Instant.now());
        Map<String, Object> created = crm.guard().createOrFind(() -> findCreated(module, mapped, since),
                () -> crm.create(module.crmModule(), mapped), earlier.isPresent());
        String crmId = String.valueOf(created.get("id"));
        Map<String, Object> stored = module == SyncModule.INVOICES ? crm.retrieve(crmId) : created;
        links.save(new Link(module, crmId, dineroId, fingerprints.crm(module, stored), dineroFingerprint,
                String.valueOf(stored.get("modifiedtime")), null));
        return WriteOutcome.of(WriteOutcome.Action.CREATED, crmId);
    }

    /**
     * The record of an uncertain create, if it was made: not linked, named as we sent it, created since we started
     * (a day of margin for the CRM's clock and time zone); an invoice also for the same customer and date. The CRM
     * rewrites some of what it is sent (numbers, line items, computed totals), so only these identifying fields are
     * compared. Works for every module, also without a natural key (invoices, a company with neither VAT number nor
     * e-mail). Of several, the newest.
     */
    private Optional<Map<String, Object>> findCreated(SyncModule module, Map<String, Object> mapped, Instant since) {
        String nameField = nameField(module);
        String after = CRM_TIME.format(since.minus(Duration.ofDays(1)));
        List<Map<String, Object>> candidates = crm.query("SELECT id, " + String.join(", ", identifying(module))
                + " FROM " + module.crmModule() + " WHERE " + nameField + " = '" + quoted(mapped.get(nameField))
                + "' AND createdtime >= '" + after + "' LIMIT 100;");
        Map<String, Object> newest = null;
        for (Map<String, Object> candidate : candidates) {
            String id = String.valueOf(candidate.get("id"));
            boolean same = identifying(module).stream().allMatch(f -> String.valueOf(mapped.getOrDefault(f, ""))
                    .trim().equals(String.valueOf(candidate.getOrDefault(f, "")).trim()));
            if (same && links.byCrmId(module, id).isEmpty() && (newest == null || idNumber(id) > idNumber(newest))) {
                newest = candidate;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(crm.retrieve(String.valueOf(newest.get("id"))));
    }

    private static List<String> identifying(SyncModule module) {
        return module == SyncModule.INVOICES ? List.of("subject", "account_id", "contact_id", "invoicedate")
                : List.of(nameField(module));
    }

    private static long idNumber(Object id) {
        String text = String.valueOf(id instanceof Map<?, ?> record ? record.get("id") : id);
        return Long.parseLong(text.substring(text.indexOf('x') + 1));
    }

    private static String nameField(SyncModule module) {
        return switch (module) {
            case ORGANIZATIONS -> "accountname";
            case CONTACTS -> "lastname";
            case PRODUCTS -> "productname";
            case INVOICES -> "subject";
        };
    }

    /** What the intent row says identifies the record in the CRM (for a person reading the table). */
    private static String marker(SyncModule module, Map<String, Object> mapped) {
        String marker = nameField(module) + "=" + mapped.get(nameField(module));
        return marker.length() > 128 ? marker.substring(0, 128) : marker;
    }

    private static String quoted(Object value) {
        return String.valueOf(value).replace("'", "''");
    }

    private WriteOutcome update(SyncModule module, String crmId, String dineroId, Map<String, Object> mapped,
                                String dineroFingerprint) {
        Map<String, Object> current;
        try {
            current = crm.retrieve(crmId);
        } catch (CrmNotFoundException e) {
            return new WriteOutcome(WriteOutcome.Action.SKIPPED, crmId, module.key() + " " + crmId
                    + " was deleted in the CRM and is not recreated");
        }
        if (SameContent.holds(current, mapped)) {
            links.save(new Link(module, crmId, dineroId, fingerprints.crm(module, current), dineroFingerprint,
                    String.valueOf(current.get("modifiedtime")), null));
            return WriteOutcome.of(WriteOutcome.Action.UNCHANGED, crmId);
        }
        Map<String, Object> updated = crm.update(current, mapped);
        Map<String, Object> stored = module == SyncModule.INVOICES ? crm.retrieve(crmId) : updated;
        links.save(new Link(module, crmId, dineroId, fingerprints.crm(module, stored), dineroFingerprint,
                String.valueOf(stored.get("modifiedtime")), null));
        return WriteOutcome.of(WriteOutcome.Action.UPDATED, crmId);
    }

    /** First contact on the CRM side: one query on the natural key. */
    private Optional<String> findInCrm(SyncModule module, Map<String, Object> mapped) {
        List<String> keys = switch (module) {
            case ORGANIZATIONS -> crmSettings.getVatField().isEmpty() ? List.of("email1")
                    : List.of(crmSettings.getVatField(), "email1");
            case CONTACTS -> List.of("email");
            case PRODUCTS -> List.of("product_no");
            case INVOICES -> List.of();
        };
        for (String field : keys) {
            Object value = mapped.get(field);
            if (value == null || value.toString().isBlank()) {
                continue;
            }
            List<Map<String, Object>> found = crm.query("SELECT id FROM " + module.crmModule() + " WHERE " + field
                    + " = '" + quoted(value) + "' LIMIT 2;");
            if (found.size() == 1) {
                return Optional.of(String.valueOf(found.get(0).get("id")));
            }
        }
        return Optional.empty();
    }
}
