package dk.simplydinero.mapping;

import dk.simplydinero.config.InvalidSettingException;
import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.CrmException;
import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.http.SideUnavailableException;
import dk.simplydinero.mapping.custom.CustomMapping;
import dk.simplydinero.mapping.custom.DefaultMapping;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.mapping.custom.MappingFileException;
import dk.simplydinero.mapping.custom.MappingFileReader;
import dk.simplydinero.model.ContentHash;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.CursorStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping in force: the default one, or with {@code sync.mapping=custom} the default with the rules of
 * {@code sync.mapping-file} on top.
 * <ul>
 *   <li>At start the file is read and validated; a bad file stops the start with one line naming the file, the
 *       place and the problem. Its CRM fields are checked against the CRM's {@code describe}; a CRM that cannot be
 *       reached does not block the start: the check then runs before the first sync, and fails that run.</li>
 *   <li>The file is read again when it changes (route {@code mapping-file-watch}) or on
 *       {@code POST /api/mapping/reload}. A new file is taken only when it is valid and its CRM fields are checked;
 *       it comes into force at the start of the next run (never in the middle of one). A bad new file keeps the
 *       mapping in force and says why (log, {@code GET /api/mapping}).</li>
 *   <li>When a module's rules changed (a new file, a restart with another file, back to the default), that module's
 *       cursors are reset at the next run, so every record is read and written by the new rules, not only those
 *       edited since.</li>
 * </ul>
 */
@Component
public class ActiveMapping implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ActiveMapping.class);

    private final SyncProperties sync;
    private final SimplyCrmProperties crmSettings;
    private final SimplyCrmClient crm;
    private final RecordTypes types;

    private final CursorStore cursors;
    private final CrmSettingsCheck settingsCheck;
    private volatile CustomMapping current = CustomMapping.NONE;
    /** A new file, read and checked, in force from the start of the next run. */
    private volatile CustomMapping next;
    private volatile boolean crmChecked = true;
    private volatile Instant loadedAt;
    private volatile long fileStamp;
    private volatile String problem;

    public ActiveMapping(SyncProperties sync, SimplyCrmProperties crmSettings, SimplyCrmClient crm, CursorStore cursors,
                         RecordTypes types) {
        this.types = types;
        this.cursors = cursors;
        this.sync = sync;
        this.crmSettings = crmSettings;
        this.crm = crm;
        this.settingsCheck = new CrmSettingsCheck(crmSettings, sync, crm);
    }

    public boolean isCustom() {
        return sync.getMapping() == SyncProperties.Mapping.CUSTOM;
    }

    public Path file() {
        return Path.of(sync.getMappingFile());
    }

    @Override
    public void afterPropertiesSet() {
        settingsCheck.atStart();
        if (!isCustom()) {
            return;
        }
        long stamp = stamp();
        CustomMapping read;
        try {
            read = MappingFileReader.read(file(), types);
            crmChecked = checkCrmIfReachable(read);
        } catch (MappingFileException e) {
            throw new InvalidSettingException("sync.mapping-file", e.getMessage());
        }
        use(read, stamp);
    }

    /** The custom rules in force ({@link CustomMapping#NONE} in default mode). */
    public CustomMapping current() {
        return current;
    }

    /**
     * Before a run, a single-record sync or a retry: a new file read meanwhile comes into force; the CRM fields are
     * checked if that could not be done yet; modules whose rules changed since their cursors were kept are read in
     * full again.
     *
     * @throws MappingFileException the file names a field the CRM does not have (the run fails with this message)
     */
    public synchronized void beforeRun() {
        settingsCheck.beforeRun();
        if (next != null) {
            current = next;
            next = null;
            crmChecked = true;
            log.info("The mapping file read {} is in force from this run", loadedAt);
        }
        if (isCustom() && !crmChecked) {
            current.checkCrmFields(this::crmFieldsOf);
            crmChecked = true;
        }
        for (SyncModule module : SyncModule.values()) {
            String signature = ContentHash.of(Map.of("rules", signature(module)));
            String kept = cursors.get(module, CursorStore.Side.MAPPING).orElse(ContentHash.of(Map.of("rules", "")));
            if (!signature.equals(kept)) {
                cursors.reset(module);
                cursors.put(module, CursorStore.Side.MAPPING, signature);
                log.info("The mapping of {} changed: all its records are read again in this run", module.key());
            }
        }
    }

    /** Reads the file again if it changed since it was read (route {@code mapping-reload}). */
    public void reloadIfChanged() {
        if (isCustom() && stamp() != fileStamp) {
            try {
                reload();
            } catch (MappingFileException e) {
                // reload() has logged and kept the mapping in force.
            }
        }
    }

    /**
     * Reads and checks the file now. A bad file keeps the mapping in force.
     *
     * @throws MappingFileException what is wrong with the new file
     */
    public synchronized Map<String, Object> reload() {
        if (!isCustom()) {
            throw new MappingFileException("sync.mapping=default: there is no mapping file to read");
        }
        long stamp = stamp();
        CustomMapping read;
        boolean checked;
        try {
            read = MappingFileReader.read(file(), types);
            checked = checkCrmIfReachable(read);
        } catch (MappingFileException e) {
            fileStamp = stamp; // not read again until it changes again
            problem = e.getMessage() + "; the mapping read " + loadedAt + " stays in force";
            log.warn("Mapping file {} not taken: {}", file(), problem);
            throw new MappingFileException(problem);
        }
        if (!checked) {
            // Not taken unchecked: the file's stamp is not recorded, so the watch tries again.
            String reason = file().getFileName() + ": its CRM fields cannot be checked now (the CRM does not answer);"
                    + " the mapping read " + loadedAt + " stays in force until they can";
            if (!reason.equals(problem)) {
                log.warn("Mapping file {} not taken yet: {}", file(), reason);
            }
            problem = reason;
            throw new MappingFileException(reason);
        }
        fileStamp = stamp;
        next = read;
        loadedAt = Instant.now();
        problem = null;
        log.info("Mapping file {} read again; its rules are in force from the next run", file());
        return describe();
    }

    /** {@code GET /api/mapping}: the effective mapping per module and direction, and where it comes from. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("mapping", isCustom() ? "custom" : "default");
        if (isCustom()) {
            out.put("file", file().toString());
            out.put("loadedAt", String.valueOf(loadedAt));
            out.put("crmFieldsChecked", crmChecked);
            out.put("fromNextRun", next != null);
            if (problem != null) {
                out.put("problem", problem);
            }
        }
        Map<String, Object> modules = new LinkedHashMap<>();
        for (RecordType type : types.all()) {
            Map<String, Object> directions = new LinkedHashMap<>();
            for (Direction direction : Direction.values()) {
                directions.put(direction.key(), DefaultMapping.effective(type, direction, next != null ? next : current));
            }
            modules.put(type.module().key(), directions);
        }
        out.put("modules", modules);
        return out;
    }

    /**
     * The fields the mapping in force reads from the side {@code direction} starts at (CRM fields for crm-to-dinero,
     * Dinero fields for dinero-to-crm): what a side's fingerprint covers, so that an edit of any other field is no
     * change of the record. An invoice's line fields are {@link #lineReads}.
     */
    public Set<String> reads(SyncModule module, Direction direction) {
        CustomMapping mapping = current;
        Reads known = reads;
        if (known == null || known.mapping() != mapping) {
            known = new Reads(mapping, new ConcurrentHashMap<>());
            reads = known;
        }
        // Asked twice per record (a fingerprint of each side): worked out once per mapping in force.
        return known.fields().computeIfAbsent(module + "|" + direction, key -> Collections.unmodifiableSet(
                DefaultMapping.sources(types.of(module), direction, mapping)));
    }

    /** The fields of each line the mapping reads from the side {@code direction} starts at (lines cannot be mapped). */
    public List<String> lineReads(SyncModule module, Direction direction) {
        return types.of(module).lineFields(direction);
    }

    /** The fields read per module and direction under one mapping. */
    private record Reads(CustomMapping mapping, Map<String, Set<String>> fields) {
    }

    private volatile Reads reads;

    /** The CRM field a custom dinero-to-crm rule writes {@code dineroField} to, if there is one. */
    public Optional<String> crmTargetOf(SyncModule module, String dineroField) {
        return rules(module, Direction.DINERO_TO_CRM).stream()
                .filter(r -> sources(r).equals(List.of(dineroField))).map(FieldRule::target).findFirst();
    }

    /**
     * The CRM field that holds Dinero's {@code dineroField} for a module: the custom mapping file's dinero-to-crm rule,
     * else the CRM field the default crm-to-dinero rule reads it from; "" = none. The CRM side of a natural key.
     */
    public String crmFieldOf(SyncModule module, String dineroField) {
        return crmTargetOf(module, dineroField).or(() -> types.of(module).defaultCrmSource(dineroField)).orElse("")
                .trim();
    }

    /**
     * Whether organizations can be known by VAT number (PRODUCT.md 6): a CRM field holds it ({@link #crmFieldOf}:
     * the mapping file's, else {@code simplycrm.vat-field}). A Dinero company's VAT number the CRM cannot hold never
     * keys it, or it would miss its CRM twin known only by e-mail.
     */
    public boolean vatSynced() {
        return !crmFieldOf(SyncModule.ORGANIZATIONS, "VatNumber").isEmpty();
    }

    /**
     * What a module's rules say, without where they were written ("" without custom rules): part of both sides'
     * fingerprints, so a record mapped by other rules never passes as unchanged.
     */
    public String signature(SyncModule module) {
        StringBuilder s = new StringBuilder();
        current.rules().getOrDefault(module, Map.of()).forEach((direction, rules) -> rules.forEach(r ->
                s.append(direction).append(r.target()).append(r.sources()).append(r.constant())
                        .append(r.drop()).append(r.conversion()).append(';')));
        return s.toString();
    }

    private List<FieldRule> rules(SyncModule module, Direction direction) {
        return current.rules().getOrDefault(module, Map.of()).getOrDefault(direction, List.of());
    }

    private static List<String> sources(FieldRule rule) {
        return rule.sources() == null ? List.of() : rule.sources();
    }

    private void use(CustomMapping read, long stamp) {
        current = read;
        fileStamp = stamp;
        loadedAt = Instant.now();
        problem = null;
    }

    /** Checks the CRM fields; false when the CRM cannot be asked now (checked before the next run instead). */
    private boolean checkCrmIfReachable(CustomMapping read) {
        try {
            read.checkCrmFields(this::crmFieldsOf);
            return true;
        } catch (MappingFileException e) {
            throw e;
        } catch (CrmException | SideUnavailableException e) {
            log.warn("The CRM cannot be asked which fields it has ({}); the mapping file's CRM fields are checked "
                    + "before the first sync", e.getMessage());
            return false;
        }
    }

    private Set<String> crmFieldsOf(String crmModule) {
        return new HashSet<>(crm.fieldNames(crmModule));
    }

    private long stamp() {
        try {
            Path f = file();
            return Files.exists(f) ? Files.getLastModifiedTime(f).toMillis() ^ Files.size(f) : -1;
        } catch (IOException e) {
            return -1;
        }
    }
}
