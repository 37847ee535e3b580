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
        return withPayments(module, project(record, mapping.reads(module, Direction.DINERO_TO_CRM),
                lineFields(module, Direction.DINERO_TO_CRM)), payments);
    }

    private String withPayments(SyncModule module, Map<String, Object> owned, Map<String, ?> payments) {
        if (module == SyncModule.INVOICES) {
            owned.put("~paid", payments == null ? "" : String.valueOf(payments.get("PaidAmount")));
            owned.put("~remaining", payments == null ? "" : String.valueOf(payments.get("RemainingAmount")));
        }
        return withRules(module, owned);
    }

    /** Marks a link's Dinero side as expected ({@link #expected}), not yet seen as Dinero holds it. */
    private static final String EXPECTED = "~";

    /**
     * The Dinero side our write is expected to leave, before Dinero is read again (direction both): the fingerprint of
     * the fields the mapping reads from Dinero that {@code sent} holds, each line's likewise, and what the write is
     * known to leave besides ({@code leaves}: an invoice is a draft without payments). Fields Dinero fills in itself
     * (its defaults, a draft's due date and totals) are not covered: which fields are is part of the value, so the
     * record read later is compared over the same ones ({@link #echoes}). Null when they do not fit a link's 64
     * characters (a custom mapping reading very many fields), or when a contact or product is read for a field the
     * write did not send: then Dinero's record must be read.
     */
    public String expected(SyncModule module, Map<String, ?> sent, Map<String, ?> leaves) {
        Map<String, Object> known = new LinkedHashMap<>(sent);
        known.putAll(leaves);
        List<String> reads = sortedReads(module);
        List<String> lineReads = lineFields(module, Direction.DINERO_TO_CRM);
        java.math.BigInteger fields = java.math.BigInteger.ZERO;
        for (int i = 0; i < reads.size(); i++) {
            fields = known.containsKey(reads.get(i)) ? fields.setBit(i) : fields;
        }
        if (module != SyncModule.INVOICES && fields.bitCount() < reads.size()) {
            // A field the mapping reads from Dinero that the write did not send (a custom rule reading what the
            // accountant fills in): an edit of it before the next read would pass for our echo. An invoice's TimeStamp
            // tells any edit (Pairing.echoes); a contact or product has none, so it is read after the write.
            return null;
        }
        java.math.BigInteger lineFields = java.math.BigInteger.ZERO;
        for (Object line : known.get("ProductLines") instanceof List<?> lines ? lines : List.of()) {
            for (int i = 0; i < lineReads.size(); i++) {
                lineFields = line instanceof Map<?, ?> m && m.containsKey(lineReads.get(i)) ? lineFields.setBit(i)
                        : lineFields;
            }
        }
        String prefix = EXPECTED + fields.toString(16) + "." + lineFields.toString(16) + EXPECTED;
        if (prefix.length() > 32) {
            return null;
        }
        return prefix + covered(module, known, null, fields, lineFields).substring(prefix.length());
    }

    /** Whether a link's Dinero side is an expectation ({@link #expected}), not Dinero's record as seen. */
    public static boolean isExpected(String dineroHash) {
        return dineroHash != null && dineroHash.startsWith(EXPECTED);
    }

    /**
     * Whether a Dinero record as read (with its payments answer) holds what {@code expected} ({@link #expected})
     * expects, over the fields it covers: then it is our own write read back, no edit in Dinero.
     */
    public boolean echoes(SyncModule module, String expected, Map<String, ?> record, Map<String, ?> payments) {
        if (!isExpected(expected)) {
            return false;
        }
        int dot = expected.indexOf('.');
        int end = expected.indexOf(EXPECTED, 1);
        if (dot < 0 || end < dot) {
            return false;
        }
        java.math.BigInteger fields = new java.math.BigInteger(expected.substring(1, dot), 16);
        java.math.BigInteger lineFields = new java.math.BigInteger(expected.substring(dot + 1, end), 16);
        return expected.substring(end + 1)
                .equals(covered(module, record, payments, fields, lineFields).substring(end + 1));
    }

    /** The fingerprint over the fields (bits of {@link #sortedReads}) and line fields (bits of the line reads) given. */
    private String covered(SyncModule module, Map<String, ?> record, Map<String, ?> payments,
                           java.math.BigInteger fields, java.math.BigInteger lineFields) {
        List<String> reads = sortedReads(module);
        List<String> lineReads = lineFields(module, Direction.DINERO_TO_CRM);
        Map<String, Object> owned = project(record,
                java.util.stream.IntStream.range(0, reads.size()).filter(fields::testBit).mapToObj(reads::get).toList(),
                java.util.stream.IntStream.range(0, lineReads.size()).filter(lineFields::testBit)
                        .mapToObj(lineReads::get).toList());
        return withPayments(module, owned, payments);
    }

    /** The fields the mapping reads from Dinero in a fixed order: an expectation names them by position. */
    private List<String> sortedReads(SyncModule module) {
        return mapping.reads(module, Direction.DINERO_TO_CRM).stream().sorted().toList();
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
