package dk.simplydinero.console;

import dk.simplydinero.crm.SimplyCrmClient;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.mapping.RecordType;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.model.SyncModule;
import dk.simplydinero.store.Link;
import dk.simplydinero.store.LinkStore;
import dk.simplydinero.sync.Fingerprints;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The console's Records: CRM records of one module found by part of their name (a VTQL {@code LIKE} on the name
 * fields the record type declares, {@link RecordType#crmNameFields}), a page at a time, each with its link: the Dinero
 * id, when it was last synced and whether it is in step (the CRM fingerprint the link keeps is the record's now).
 */
@Component
class RecordSearch {

    /** Results per page: a person reads them, and one CRM query answers them. */
    static final int PAGE = 20;

    private final SimplyCrmClient crm;
    private final SimplyCrmProperties crmSettings;
    private final RecordTypes types;
    private final LinkStore links;
    private final Fingerprints fingerprints;

    RecordSearch(SimplyCrmClient crm, SimplyCrmProperties crmSettings, RecordTypes types, LinkStore links,
                 Fingerprints fingerprints) {
        this.crm = crm;
        this.crmSettings = crmSettings;
        this.types = types;
        this.links = links;
        this.fingerprints = fingerprints;
    }

    /** One page (from 0) of {@code module}'s records whose name contains {@code name}; all records for a blank name. */
    List<Map<String, Object>> search(SyncModule module, String name, int page) {
        List<String> nameFields = types.of(module).crmNameFields();
        // VTQL has no parentheses; a WHERE of ORs alone reads the same left to right or with AND binding tighter.
        String where = name == null || name.isBlank() ? null : nameFields.stream()
                .map(field -> field + " LIKE " + SimplyCrmClient.literal("%" + name.trim() + "%"))
                .collect(Collectors.joining(" OR "));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> record : crm.page(module.crmModule(), where, (long) page * PAGE, PAGE)) {
            rows.add(row(module, record));
        }
        return rows;
    }

    private Map<String, Object> row(SyncModule module, Map<String, Object> record) {
        String crmId = String.valueOf(record.get("id"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("crmId", crmId);
        row.put("name", Objects.requireNonNullElse(types.of(module).crmName(record), ""));
        row.put("crmLink", crmSettings.getUrl() == null ? null
                : CrmLinks.detail(crmSettings.getUrl(), module.crmModule(), crmId));
        Optional<Link> link = links.byCrmId(module, crmId);
        row.put("dineroId", link.map(Link::dineroId).orElse(null));
        row.put("syncedAt", links.syncedAt(module, crmId).map(RecordSearch::seconds).orElse(null));
        row.put("inStep", link.map(l -> fingerprints.crm(module, whole(module, record)).equals(l.crmHash()))
                .orElse(null));
        return row;
    }

    /** A type with line items is fingerprinted with them, and a query answers without them: read it whole. */
    private Map<String, Object> whole(SyncModule module, Map<String, Object> record) {
        return types.of(module).lineFields(Direction.CRM_TO_DINERO).isEmpty() ? record
                : crm.retrieve(String.valueOf(record.get("id")));
    }

    /** {@code 2026-12-07 10:55:01.123456} → {@code 2026-12-07 10:55:01}. */
    private static String seconds(String timestamp) {
        return timestamp.length() > 19 ? timestamp.substring(0, 19) : timestamp;
    }
}
