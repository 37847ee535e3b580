package dk.simplydinero.sync;

import dk.simplydinero.crm.CrmSyncPage;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * First contact on the CRM side for one run (the mirror of {@link DineroIndex}): the first time an unlinked Dinero
 * record asks, its CRM module is read once through the change feed from the beginning (pages of about 100, the
 * cheapest full read the CRM has) and only its natural keys are kept (key → id), so an initial sync of N records
 * costs N creates and a few pages instead of a query per record. A run where everything is linked never reads.
 *
 * <p>A single-record run (a "Sync with Dinero", a Retry) asks {@link #direct direct}ly instead: one query by the key
 * for its one record, not a read of the whole module.
 */
final class CrmIndex {

    /** A key more than one CRM record holds: no first contact by it (as a query finding two would not pair). */
    private static final String AMBIGUOUS = "";

    private final SimplyCrmClient crm;
    private final ActiveMapping mapping;
    private final RecordTypes types;
    private final Map<SyncModule, Keys> modules = new EnumMap<>(SyncModule.class);
    /** Asks the CRM by the key for each lookup (a single-record run) instead of reading the module. */
    private final boolean direct;

    /** A module's key → id (one map for all its key fields: field, NUL, value) and its highest id when read. */
    private record Keys(Map<String, String> ids, long highestId) {
    }

    CrmIndex(SimplyCrmClient crm, ActiveMapping mapping, RecordTypes types) {
        this(crm, mapping, types, false);
    }

    private CrmIndex(SimplyCrmClient crm, ActiveMapping mapping, RecordTypes types, boolean direct) {
        this.crm = crm;
        this.mapping = mapping;
        this.types = types;
        this.direct = direct;
    }

    /** For a run of one record: each lookup is one query by the key ({@code LIMIT 2}: one hit pairs, two do not). */
    static CrmIndex direct(SimplyCrmClient crm, ActiveMapping mapping, RecordTypes types) {
        return new CrmIndex(crm, mapping, types, true);
    }

    /** The one CRM record holding the first natural key of {@code mapped} that exactly one record holds. */
    synchronized Optional<String> find(SyncModule module, Map<String, Object> mapped) {
        List<String> fields = keyFields(module);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        if (direct) {
            return ask(module, fields, mapped);
        }
        Keys keys = modules.computeIfAbsent(module, m -> load(m, fields));
        for (String field : fields) {
            String key = key(field, mapped.get(field));
            String id = key == null ? null : keys.ids().get(key);
            if (id != null && !AMBIGUOUS.equals(id)) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /** The one CRM record holding the first natural key of {@code mapped} that exactly one record holds, asked. */
    private Optional<String> ask(SyncModule module, List<String> fields, Map<String, Object> mapped) {
        for (String field : fields) {
            Object value = mapped.get(field);
            if (key(field, value) == null) {
                continue;
            }
            List<Map<String, Object>> found = crm.query("SELECT id FROM " + module.crmModule() + " WHERE " + field
                    + " = " + SimplyCrmClient.literal(value.toString().trim()) + " LIMIT 2;");
            if (found.size() == 1) {
                return Optional.of(String.valueOf(found.get(0).get("id")));
            }
        }
        return Optional.empty();
    }

    /**
     * What a write of {@code mapped} must not share with another write of the run at the same time
     * ({@link SyncRun#writing}): the natural keys {@link #find} looks it up by (those it has a value for), and the CRM
     * record it finds when {@code firstContact} (the record is not linked yet), as two records may find one by
     * different keys (only the first may take it). A linked record makes no first contact, so its run need not read
     * the module; a single-record run writes one record: no lookup here either.
     */
    List<String> keys(SyncModule module, Map<String, Object> mapped, boolean firstContact) {
        List<String> keys = new java.util.ArrayList<>(keyFields(module).stream().map(field -> key(field, mapped.get(field)))
                .filter(java.util.Objects::nonNull).toList());
        if (firstContact && !direct) {
            find(module, mapped).ifPresent(id -> keys.add(FOUND + id));
        }
        return keys;
    }

    /**
     * Whether a lookup of {@code module} costs no request now: its keys are read (or it is asked directly, where
     * {@link #keys} makes no lookup).
     */
    synchronized boolean holds(SyncModule module) {
        return direct || modules.containsKey(module);
    }

    /** Marks a found record's id among the keys (a key is field, NUL, value: never this). */
    static final String FOUND = "\0found\0";

    /**
     * The module's highest id when it was read (before this run created any of its records), if it was: what an
     * uncertain create looks above ({@link UncertainCreates}) without a query of its own.
     */
    synchronized OptionalLong highestId(SyncModule module) {
        Keys keys = modules.get(module);
        return keys == null ? OptionalLong.empty() : OptionalLong.of(keys.highestId());
    }

    /** The CRM fields Dinero's natural keys are written to: the custom mapping file's, else the default's. */
    private List<String> keyFields(SyncModule module) {
        return types.of(module).naturalKeys(true).stream()
                .map(key -> mapping.crmFieldOf(module, key)).filter(f -> !f.isEmpty()).distinct().toList();
    }

    private Keys load(SyncModule module, List<String> fields) {
        Map<String, String> ids = new HashMap<>();
        long highest = 0;
        for (Iterator<CrmSyncPage> pages = crm.changePages(module.crmModule(), 1); pages.hasNext(); ) {
            for (Map<String, Object> record : pages.next().updated()) {
                String id = String.valueOf(record.get("id"));
                highest = Math.max(highest, UncertainCreates.idNumber(id));
                fields.forEach(field -> add(ids, field, record.get(field), id));
            }
        }
        return new Keys(ids, highest);
    }

    private static void add(Map<String, String> ids, String field, Object value, String id) {
        String key = key(field, value);
        if (key != null) {
            ids.merge(key, id, (known, added) -> known.equals(added) ? known : AMBIGUOUS);
        }
    }

    /**
     * vtiger compares text case-insensitively (MySQL collation), which a query by the key did; the blanks around a
     * key are ours to drop.
     */
    private static String key(String field, Object value) {
        String text = value == null ? "" : value.toString().trim();
        return text.isEmpty() ? null : field + '\0' + text.toLowerCase(Locale.ROOT);
    }
}
