package dk.simplydinero.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer a simulator sends: status, content type, body and extra headers. */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    public static SimResponse json(int status, String json) {
        return new SimResponse(status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8),
                new LinkedHashMap<>());
    }

    public static SimResponse text(int status, String contentType, String text) {
        return new SimResponse(status, contentType, text.getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>());
    }

    public static SimResponse empty(int status) {
        return new SimResponse(status, null, new byte[0], new LinkedHashMap<>());
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SimResponse(status, contentType, body, copy);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
