package dk.simplydinero.http;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code application/x-www-form-urlencoded} (UTF-8) for form bodies and query strings, shared by the API clients. */
public final class FormEncoding {

    private FormEncoding() {
    }

    /** {@code a=1&b=x+y} in the map's order; a null value is sent as empty. */
    public static String encode(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((name, value) -> append(sb, name, value));
        return sb.toString();
    }

    /** Appends {@code name=value} to {@code sb}, with a {@code &} when it is not empty. */
    public static StringBuilder append(StringBuilder sb, String name, String value) {
        if (sb.length() > 0) {
            sb.append('&');
        }
        return sb.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
    }

    /** The first value of {@code name} in a form-encoded text (a query or a form body), or null (also for null). */
    public static String value(String form, String name) {
        if (form == null) {
            return null;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return ""; // a malformed escape: no usable value
                }
            }
        }
        return null;
    }
}
