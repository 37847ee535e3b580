package dk.simplydinero.mapping;

import dk.simplydinero.dinero.ListQuery;
import dk.simplydinero.mapping.custom.Direction;
import dk.simplydinero.mapping.custom.FieldRule;
import dk.simplydinero.model.SyncModule;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one record type of the sync is, declared once (each in its own package: {@code organizations},
 * {@code contacts}, {@code products}, {@code invoices}): its module (CRM module, Dinero resource and id field), the
 * default rules of PRODUCT.md 5 per direction, the natural keys that recognise an unlinked record (PRODUCT.md 6), the
 * fields that identify an uncertain create, the fields the CRM requires and the fields the Dinero change feed asks
 * for. The mappers of the type, the fingerprints, the change feeds, the first-contact lookups, the custom-mapping
 * validation and {@code GET /api/mapping} all read it. What is left outside: how an invoice is written (drafts,
 * booking, payments, its lines read whole), which the sync's invoice steps know.
 */
public abstract class RecordType {

    private final SyncModule module;

    protected RecordType(SyncModule module) {
        this.module = module;
    }

    public final SyncModule module() {
        return module;
    }

    /**
     * The default rules of one direction (PRODUCT.md 5), in the order the mapper writes them: target, source fields
     * and conversion, or a constant; a rule computed by code carries a note saying what the code does.
     */
    public abstract List<FieldRule> defaultRules(Direction direction);

    /**
     * The fields the type's mapper of {@code direction} writes on the other side: the targets of its default rules and
     * {@link #alsoWritten} (a custom mapping file adds its own targets).
     */
    public final Set<String> ownedFields(Direction direction) {
        Set<String> owned = new java.util.LinkedHashSet<>();
        defaultRules(direction).forEach(rule -> owned.add(rule.target()));
        owned.addAll(alsoWritten(direction));
        return owned;
    }

    /**
     * Fields a mapper writes beside the targets of its rules because they follow from one of them (an invoice's
     * customer address beside its street); none by default.
     */
    protected Set<String> alsoWritten(Direction direction) {
        return Set.of();
    }

    /**
     * The fields of one line of the record's line list that the default mapping reads from the side
     * {@code direction} starts at; none for a record type without lines. Lines cannot be mapped by a mapping file.
     */
    public List<String> lineFields(Direction direction) {
        return List.of();
    }

    /**
     * The Dinero fields that recognise an unlinked record, in the order tried (the first one with a value counts);
     * empty when the type is never recognised by content (invoices).
     *
     * @param vatSynced whether a CRM field holds VAT numbers at all
     */
    public abstract List<String> naturalKeys(boolean vatSynced);

    /** Whether a Dinero record can stand for this type at all (a company for organizations, a person for contacts). */
    public boolean fits(Map<String, ?> dineroRecord) {
        return true;
    }

    /** The Dinero fields {@link #fits} reads. */
    public List<String> fitFields() {
        return List.of();
    }

    /** The CRM fields of a mapped record that identify an uncertain create on the CRM side, most telling first. */
    public abstract List<String> identifyingFields();

    /**
     * Target fields of {@code direction} no mapping file can map, each with the reason (what the sync itself fills
     * in, such as an invoice's customer and lines); none by default.
     */
    public Map<String, String> fixedTargets(Direction direction) {
        return Map.of();
    }

    /** Source fields of {@code direction} no mapping file can read, each with the reason; none by default. */
    public Map<String, String> fixedSources(Direction direction) {
        return Map.of();
    }

    /** The CRM fields a record is found by when a person searches by name (the console's Records), most telling first. */
    public abstract List<String> crmNameFields();

    /**
     * The Dinero fields that name a record to a person (a contact's or product's Name, an invoice's Number and
     * ContactName), most telling first: the failure list shows them beside the CRM name.
     */
    public abstract List<String> dineroNameFields();

    /** A CRM record's name as a person knows it: its {@link #crmNameFields} with a value, joined; null when none has one. */
    public final String crmName(Map<String, ?> crmRecord) {
        return name(crmNameFields(), crmRecord);
    }

    /** A Dinero record's name as a person knows it: its {@link #dineroNameFields} with a value, joined; null when none has one. */
    public String dineroName(Map<String, ?> dineroRecord) {
        return name(dineroNameFields(), dineroRecord);
    }

    private static String name(List<String> fields, Map<String, ?> record) {
        if (record == null) {
            return null;
        }
        String name = fields.stream().map(record::get).filter(value -> !blank(value)).map(value -> value.toString().trim())
                .collect(java.util.stream.Collectors.joining(", "));
        return name.isEmpty() ? null : name;
    }

    /** The CRM fields the CRM requires on create: a dinero-to-crm rule of a mapping file cannot drop them. */
    public abstract Set<String> crmMandatory();

    /** Narrows a Dinero list of the type's resource to the type (organizations and contacts share contacts). */
    public ListQuery narrow(ListQuery query) {
        return query;
    }

    /**
     * The Dinero fields that recognise a record of this type in a list: its natural keys and what {@link #fits} reads.
     */
    public final List<String> keyFields() {
        List<String> fields = new java.util.ArrayList<>(naturalKeys(true));
        fitFields().forEach(fields::add);
        return fields;
    }

    /**
     * The fields the Dinero change feed asks for beyond those the Dinero → CRM mapping in force reads: the id, the
     * ExternalReference, the natural keys, the fields {@link #fits} reads and the times. A type read whole when it
     * changed (invoices) asks for its id and times only ({@link #feedReadsWhole}).
     */
    public List<String> feedFields() {
        List<String> fields = new java.util.ArrayList<>();
        fields.add(module.dineroResource().idField());
        fields.add("ExternalReference");
        fields.addAll(keyFields());
        fields.add("UpdatedAt");
        fields.add("DeletedAt");
        return fields.stream().distinct().toList();
    }

    /** Whether the change feed lists ids only and each changed record is read whole (with lines and payments). */
    public boolean feedReadsWhole() {
        return false;
    }

    /**
     * The Dinero field the natural key of this record (mapped or read) is taken from: the first of
     * {@link #naturalKeys} with a value; null when none has one.
     */
    public final String naturalKeyField(Map<String, ?> dineroRecord, boolean vatSynced) {
        for (String field : naturalKeys(vatSynced)) {
            if (!blank(dineroRecord.get(field))) {
                return field;
            }
        }
        return null;
    }

    /** The natural key of a Dinero record (mapped or read), normalised; null when it has none. */
    public final String naturalKey(Map<String, ?> dineroRecord, boolean vatSynced) {
        String field = naturalKeyField(dineroRecord, vatSynced);
        if (field == null) {
            return null;
        }
        String key = dineroRecord.get(field).toString().trim();
        return field.equals("Email") ? key.toLowerCase(Locale.ROOT) : key.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    /** The CRM field the default crm-to-dinero rule of {@code dineroField} reads, when it reads exactly one. */
    public final Optional<String> defaultCrmSource(String dineroField) {
        return defaultRules(Direction.CRM_TO_DINERO).stream()
                .filter(rule -> rule.target().equals(dineroField) && rule.sources().size() == 1)
                .map(rule -> rule.sources().get(0)).findFirst();
    }

    /** The CRM field the default dinero-to-crm rule of {@code dineroField} writes, when one writes it alone. */
    public final Optional<String> defaultCrmTarget(String dineroField) {
        return defaultRules(Direction.DINERO_TO_CRM).stream()
                .filter(rule -> rule.sources().equals(List.of(dineroField)))
                .map(FieldRule::target).findFirst();
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    @Override
    public String toString() {
        return module.key();
    }
}
