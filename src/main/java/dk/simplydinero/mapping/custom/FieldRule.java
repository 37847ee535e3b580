package dk.simplydinero.mapping.custom;

import java.util.List;

/**
 * What lands in one target field. Exactly one of: {@code sources} (1+ fields of the other side; 2+ only with
 * {@link Conversion#JOIN}), {@code constant}, {@code drop}. {@code conversion} is set for rules with sources (a rule
 * of the default mapping computed by code may have none), null otherwise. {@code place} is where the rule was
 * written, e.g. {@code mapping.yaml line 7}, or {@code default mapping}; {@code note} says, for a default rule
 * computed by code, what the code does (null otherwise).
 */
public record FieldRule(String target, List<String> sources, Object constant, boolean drop, Conversion conversion,
                        String place, String note) {

    public FieldRule {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public FieldRule(String target, List<String> sources, Object constant, boolean drop, Conversion conversion,
                     String place) {
        this(target, sources, constant, drop, conversion, place, null);
    }

    /** True when the target gets the (converted) values of source fields. */
    public boolean hasSources() {
        return !sources.isEmpty();
    }
}
