package dk.simplydinero.mapping;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * CRM country text → ISO 3166 alpha-2 as Dinero's {@code CountryKey} wants it. The CRM holds free text:
 * English or Danish names ("Denmark", "Danmark", "Sverige"), ISO alpha-2 or alpha-3 codes, any case.
 * Names come from the JDK's locale data, so every country is known in both languages.
 */
public final class Countries {

    private static final Map<String, String> BY_NAME = new HashMap<>();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-]+");
    /** English names by code as looked up ({@link #englishName}): the locale lookup was a share of each record's CPU. */
    private static final Map<String, String> ENGLISH = new ConcurrentHashMap<>();

    static {
        Locale danish = Locale.forLanguageTag("da");
        for (String code : Locale.getISOCountries()) {
            Locale country = new Locale.Builder().setRegion(code).build();
            BY_NAME.put(normalize(code), code);
            BY_NAME.put(normalize(country.getISO3Country()), code);
            BY_NAME.put(normalize(country.getDisplayCountry(Locale.ENGLISH)), code);
            BY_NAME.put(normalize(country.getDisplayCountry(danish)), code);
        }
        // Names people type that the locale data spells differently.
        BY_NAME.put(normalize("UK"), "GB");
        BY_NAME.put(normalize("England"), "GB");
        BY_NAME.put(normalize("Great Britain"), "GB");
        BY_NAME.put(normalize("Storbritannien"), "GB");
        BY_NAME.put(normalize("USA"), "US");
        BY_NAME.put(normalize("United States of America"), "US");
        BY_NAME.put(normalize("Holland"), "NL");
        BY_NAME.put(normalize("Nederlandene"), "NL");
        BY_NAME.put(normalize("Faroe Islands"), "FO");
        BY_NAME.put(normalize("Færøerne"), "FO");
        BY_NAME.put(normalize("Grønland"), "GL");
    }

    private Countries() {
    }

    /** The ISO alpha-2 code for a country name or code, or empty when the text names no known country. */
    public static Optional<String> isoCode(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(normalize(text)));
    }

    /** The English name for an ISO alpha-2 code (Dinero → CRM), or the code itself when unknown. */
    public static String englishName(String isoCode) {
        if (isoCode == null || isoCode.isBlank()) {
            return "";
        }
        return ENGLISH.computeIfAbsent(isoCode, code -> {
            String name = new Locale.Builder().setRegion(code.trim().toUpperCase(Locale.ROOT)).build()
                    .getDisplayCountry(Locale.ENGLISH);
            return name.isEmpty() ? code : name;
        });
    }

    private static String normalize(String text) {
        String folded = Normalizer.normalize(text.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        return SEPARATORS.matcher(folded).replaceAll(" ");
    }
}
