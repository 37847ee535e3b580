package dk.simplydinero.mapping;

import org.slf4j.Logger;

/** Dinero CountryKey → CRM country text: the English name ({@code DK} → {@code Denmark}). */
public final class CrmCountries {

    private CrmCountries() {
    }

    /**
     * The English name of a Dinero CountryKey; "" when empty. A key that names no known country is kept as it is
     * (the CRM field is free text, nothing is lost) with a warning. Codes are resolved through
     * {@link Countries#isoCode} first, so a malformed key never reaches the JDK's locale builder.
     */
    public static String fromDinero(DineroRecord record, String field, Logger log) {
        String key = record.text(field);
        if (key.isEmpty()) {
            return "";
        }
        return Countries.isoCode(key).map(Countries::englishName).orElseGet(() -> {
            log.warn("{}: country '{}' in '{}' is not a known ISO code; written to the CRM as it is",
                    record.describe(), key, record.fieldName(field));
            return key;
        });
    }
}
