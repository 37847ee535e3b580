package dk.simplydinero.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as a simulator sees it: method, path, query parameters, headers, the raw body and, for
 * {@code application/x-www-form-urlencoded} bodies, the form parameters (first value of each name).
 */
public record SimRequest(String method, String path, Map<String, String> query, Map<String, List<String>> headers,
                         String body, Map<String, String> form) {

    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    public boolean isFormBody() {
        String type = header("Content-Type");
        return type != null && type.toLowerCase().startsWith("application/x-www-form-urlencoded");
    }

    /** Parses {@code a=1&b=x%20y}; a name given twice keeps its first value, as PHP's {@code $_REQUEST} would not, but no client of ours sends duplicates. */
    public static Map<String, String> parseUrlEncoded(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(name, value);
        }
        return out;
    }
}
