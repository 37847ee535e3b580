package dk.simplydinero.mapping.custom;

import dk.simplydinero.mapping.RecordType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * The mapping in force as rules: the default rules each record type declares ({@link RecordType#defaultRules}) with
 * a mapping file's rules on top, for what a side's fingerprint covers, the required-field check and showing the
 * effective mapping. The mappers of each record type do the actual mapping; a few of their rules are computed by code
 * (the invoice's customer, currency, payment terms, lines, status): those have no conversion and carry a note.
 */
public final class DefaultMapping {

    /** Where default rules come from. */
    public static final String PLACE = "default mapping";

    private DefaultMapping() {
    }

    /**
     * The fields the mapping in force reads from the side {@code direction} starts at: the sources of the default
     * rules with the custom ones applied ({@link #inForce}), in rule order. An invoice's line fields are
     * {@link RecordType#lineFields}.
     */
    public static Set<String> sources(RecordType type, Direction direction, CustomMapping custom) {
        Set<String> fields = new LinkedHashSet<>();
        inForce(type, direction, custom).forEach(rule -> fields.addAll(rule.sources()));
        return fields;
    }

    /**
     * The rules in force: the default ones with the custom ones applied (custom replaces the default rule of the same
     * target, drop removes it, new targets are added at the end).
     */
    public static List<FieldRule> inForce(RecordType type, Direction direction, CustomMapping custom) {
        Map<String, FieldRule> byTarget = new LinkedHashMap<>();
        for (FieldRule rule : type.defaultRules(direction)) {
            byTarget.put(rule.target(), rule);
        }
        for (FieldRule rule : (custom == null ? CustomMapping.NONE : custom).rules(type.module(), direction)) {
            if (rule.drop()) {
                byTarget.remove(rule.target());
            } else {
                byTarget.put(rule.target(), rule);
            }
        }
        return List.copyOf(byTarget.values());
    }

    /**
     * The rules in force ({@link #inForce}) as a list of maps for JSON: {@code target}, {@code source} (list) or
     * {@code constant}, {@code conversion} (with sources, when one applies), {@code from} ({@code default} or the
     * place in the file, e.g. {@code mapping.yaml line 7}) and, for default rules computed by code, {@code note}.
     */
    public static List<Map<String, Object>> effective(RecordType type, Direction direction, CustomMapping custom) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FieldRule rule : inForce(type, direction, custom)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", rule.target());
            if (rule.hasSources()) {
                row.put("source", rule.sources());
                if (rule.conversion() != null) {
                    row.put("conversion", rule.conversion().key());
                }
            } else {
                row.put("constant", rule.constant());
            }
            boolean isDefault = PLACE.equals(rule.place());
            row.put("from", isDefault ? "default" : rule.place());
            String note = isDefault ? rule.note() : null;
            if (note != null) {
                row.put("note", note);
            }
            out.add(row);
        }
        return out;
    }
}
