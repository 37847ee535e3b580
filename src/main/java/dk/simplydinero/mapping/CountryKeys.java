package dk.simplydinero.mapping;

import org.slf4j.Logger;

/** CRM country text → Dinero CountryKey (required there): unknown or empty → {@code DK} with a warning. */
public final class CountryKeys {

    public static final String DEFAULT = "DK";

    private CountryKeys() {
    }

    public static String fromCrm(CrmRecord record, String field, Logger log) {
        String text = record.text(field);
        return Countries.isoCode(text).orElseGet(() -> {
            if (text.isEmpty()) {
                log.warn("CRM record {}: no country in '{}'; using {}", record.id(), field, DEFAULT);
            } else {
                log.warn("CRM record {}: country '{}' in '{}' is not known; using {}", record.id(), text, field, DEFAULT);
            }
            return DEFAULT;
        });
    }
}
