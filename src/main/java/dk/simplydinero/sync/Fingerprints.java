package dk.simplydinero.sync;

import dk.simplydinero.config.SyncProperties;
import dk.simplydinero.crm.SimplyCrmProperties;
import dk.simplydinero.dinero.DineroProperties;
import dk.simplydinero.mapping.ActiveMapping;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.model.ContentHash;
import dk.simplydinero.model.SyncModule;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint of one side of a record: the hash of exactly the fields the mapping in force (default, or with
 * {@code sync.mapping=custom} the file's rules on top) reads from that side ({@link ActiveMapping#reads}; an
 * invoice's line fields {@link ActiveMapping#lineReads}), missing = empty. A link keeps the fingerprint of each
 * side as we last wrote or saw it, so "this side changed since" is one comparison, and our own writes coming back in
 * the next change feed (echoes) compare equal and are not bounced back.
 *
 * <p>Fields the mapping does not read from a side are not part of it: an edit of one (a CRM custom field that is not
 * the VAT field, a CRM invoice's status, which only flows from Dinero, a Dinero person's web page) is no change of the
 * record, so with {@code sync.direction=both} it never makes a conflict in which {@code sync.priority} would write the
 * other side's edit away. It is not written back either: only an edit of a field that is read moves the record.
 */
@Component
public class Fingerprints {

    private final String mappingSettings;
    private final ActiveMapping mapping;

    public Fingerprints(SimplyCrmProperties crm, DineroProperties dinero, SyncProperties sync, ActiveMapping mapping) {
        this.mapping = mapping;
        this.mappingSettings = crm.getVatField() + "|" + dinero.getSalesAccount() + "|" + sync.getInvoiceContact()
                + "|" + sync.getMapping();
    }

    /** The Dinero side of a record: a Dinero record as read, or the content we are about to write. */
    public String dinero(SyncModule module, Map<String, ?> record) {
        return dinero(module, record, null);
    }

    /**
     * The Dinero side of a record as Dinero holds it; for an invoice with its payments answer too, so that booking
     * and paying it in Dinero count as changes (status and money flow to the CRM).
     */
    public String dinero(SyncModule module, Map<String, ?> record, Map<String, ?> payments) {
        Map<String, Object> owned = project(record, mapping.reads(module, Direction.DINERO_TO_CRM),
                lineFields(module, Direction.DINERO_TO_CRM));
        if (module == SyncModule.INVOICES) {
            owned.put("~paid", payments == null ? "" : String.valueOf(payments.get("PaidAmount")));
            owned.put("~remaining", payments == null ? "" : String.valueOf(payments.get("RemainingAmount")));
        }
        return withRules(module, owned);
    }

    /**
     * The CRM side of a record as read from the CRM. The mapping settings are part of it: after a change of
     * {@code simplycrm.vat-field}, {@code dinero.sales-account} or {@code sync.invoice-contact} every record maps
     * differently, so none may pass as unchanged.
     */
    public String crm(@Header("module") SyncModule module, @Body Map<String, ?> record) {
        Map<String, Object> owned = project(record, mapping.reads(module, Direction.CRM_TO_DINERO),
                lineFields(module, Direction.CRM_TO_DINERO));
        owned.put("~mapping", mappingSettings + customRules(module));
        return ContentHash.of(owned);
    }

    private List<String> lineFields(SyncModule module, Direction direction) {
        return mapping.lineReads(module, direction);
    }

    /** The custom rules of the module as part of the fingerprint; nothing without custom rules (as before them). */
    private String customRules(SyncModule module) {
        String rules = mapping.signature(module);
        return rules.isEmpty() ? "" : "|" + rules;
    }

    private String withRules(SyncModule module, Map<String, Object> owned) {
        String rules = customRules(module);
        if (!rules.isEmpty()) {
            owned.put("~rules", rules);
        }
        return ContentHash.of(owned);
    }

    /** The owned fields of a record (and of each line in the one list field). */
    private static Map<String, Object> project(Map<String, ?> record, Collection<String> fields,
                                               List<String> lineFields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : fields) {
            if (!lineFields.isEmpty() && record.get(field) instanceof List<?> lines) {
                out.put(field, lines.stream()
                        .map(line -> line instanceof Map<?, ?> m ? project(stringKeys(m), lineFields, List.of()) : line)
                        .toList());
            } else {
                Object value = record.get(field);
                out.put(field, value == null ? "" : value);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> stringKeys(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }
}
