package dk.simplydinero.logging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Defence in depth for the log: every line, whoever wrote it (our code, Camel, Spring, the JDK's HttpClient through
 * System.Logger/JUL), passes through {@link #mask} before it reaches the console or the log file
 * ({@link MaskingConverter}, wired in {@code logback-spring.xml}). The clients already keep secrets out of what they
 * log; this catches what a library or a future debug line might print.
 *
 * <p>Two kinds of masking:
 * <ul>
 *   <li>configured secret values, registered from the Spring Environment at start ({@link SecretsFromEnvironment});</li>
 *   <li>secrets that only exist at run time and so cannot be registered by value (the CRM's md5 login key and session
 *       name, Dinero's access token, an API caller's Basic credential), recognised by where they stand:
 *       {@code accessKey=…}, {@code sessionName=…}, {@code "access_token":"…"}, {@code Authorization: Bearer …}.</li>
 * </ul>
 * Static because logback starts before Spring and outlives application contexts.
 */
public final class SecretMasking {

    public static final String MASK = "****";

    /**
     * Values shorter than this are not masked by value: they would mangle ordinary words (the sandbox's public demo
     * password is {@code sandbox}, which is also a package and a setting name). Such values are still masked where
     * they stand as a parameter or header.
     */
    static final int MIN_SECRET_LENGTH = 8;

    /** Names of parameters, settings and JSON fields whose value is a secret. */
    private static final String SECRET_NAMES = "access[-_]?key|session[-_]?name|access[-_]?token|refresh[-_]?token"
            + "|client[-_]?secret|api[-_]?key|password|passwd";

    /**
     * {@code accessKey=…} in a query string or form body, {@code dinero.api-key=…} in a settings dump; not a value
     * already hidden ({@code =(hidden)}, {@code =****}).
     */
    private static final Pattern NAMED_VALUE = Pattern.compile(
            "(?i)(\\b(?:" + SECRET_NAMES + ")=)(?![(*])[^&\\s\"',;)\\]}]+");

    /** {@code "sessionName":"…"} in a JSON body. */
    private static final Pattern JSON_VALUE = Pattern.compile(
            "(?i)(\"(?:" + SECRET_NAMES + ")\"\\s*:\\s*\")[^\"]*");

    /** {@code Authorization: Basic …}, {@code Authorization=Bearer …} (header dumps, Camel's header maps). */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?(?:basic|bearer|token)?\\s*)[^\\s\"',;)\\]}]+");

    /**
     * A Basic or Bearer credential anywhere else. Case-sensitive and only with a digit or {@code +/=} in it, so that
     * "Basic authentication" stays readable.
     */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "\\b(Basic|Bearer) (?=[A-Za-z0-9+/._~-]*[0-9+/=])[A-Za-z0-9+/._~-]{8,}=*");

    private static final Set<String> registered = new LinkedHashSet<>();
    /** Longest first, so a secret that contains another is masked whole. */
    private static volatile List<String> secrets = List.of();

    private SecretMasking() {
    }

    /** Masks {@code value} in every line logged from now on (null, blank and too short values are ignored). */
    public static synchronized void register(String value) {
        if (value == null || value.isBlank() || value.length() < MIN_SECRET_LENGTH || !registered.add(value)) {
            return;
        }
        List<String> sorted = new ArrayList<>(registered);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(sorted);
    }

    /**
     * {@code text} with every registered secret value replaced, nothing else: for answers of the REST API, whose
     * data (a record, a failure message) must not be rewritten by the log's parameter rules.
     */
    public static String maskValues(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** {@code text} with every registered secret and every secret-looking parameter or header value replaced. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = maskValues(text);
        out = NAMED_VALUE.matcher(out).replaceAll("$1" + MASK);
        out = JSON_VALUE.matcher(out).replaceAll("$1" + MASK);
        out = AUTHORIZATION.matcher(out).replaceAll("$1" + MASK);
        return CREDENTIAL.matcher(out).replaceAll("$1 " + MASK);
    }
}
