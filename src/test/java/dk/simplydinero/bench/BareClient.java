package dk.simplydinero.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.dinero.ApiKeyTokenSource;
import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.sandbox.crm.CrmSimulator;
import dk.simplydinero.sandbox.dinero.DineroSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The yardstick of pipeline overhead: a bare {@code java.net.http} loop making the calls a sync run made, one after the
 * other, nothing else (the session or token is fetched first and not timed): the run's reads, replayed as they were
 * sent ({@link Read}), and its creates. Returns the time of all its calls.
 */
final class BareClient {

    /**
     * A read a sync run made (a GET: Dinero's lists, the CRM's {@code sync} pages and queries), to be sent again as
     * it was, under the bare client's own CRM session.
     */
    record Read(boolean crm, String path, Map<String, String> query) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BareClient() {
    }

    /**
     * Sends {@code reads} (each answer read whole), then POSTs each body to Dinero's {@code type} list
     * ({@code contacts}, …) of the demo organization.
     */
    static Duration dineroCreates(DineroSimulator dinero, CrmSimulator crm, List<Read> reads, String type,
                                  List<Map<String, Object>> bodies) throws Exception {
        String token = dineroToken(dinero);
        String session = crmSession(crm);
        URI uri = URI.create(dinero.baseUrl() + "/v1/" + DineroSimulator.DEMO_ORGANIZATION_ID + "/" + type);
        long start = System.nanoTime();
        replay(dinero, crm, token, session, reads);
        for (Map<String, Object> body : bodies) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            check(answer.statusCode() / 100 == 2, answer);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Sends {@code reads} (each answer read whole), then {@code create} of each element to {@code module}. */
    static Duration crmCreates(DineroSimulator dinero, CrmSimulator crm, List<Read> reads, String module,
                               List<Map<String, Object>> elements) throws Exception {
        String token = dineroToken(dinero);
        String session = crmSession(crm);
        URI ws = URI.create(crm.webserviceUrl());
        long start = System.nanoTime();
        replay(dinero, crm, token, session, reads);
        for (Map<String, Object> element : elements) {
            crmCall(post(ws, Map.of("operation", "create", "sessionName", session, "elementType", module,
                    "element", JSON.writeValueAsString(element))));
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static void replay(DineroSimulator dinero, CrmSimulator crm, String token, String session,
                               List<Read> reads) throws Exception {
        for (Read read : reads) {
            StringBuilder query = new StringBuilder();
            read.query().forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                    .append(URLEncoder.encode(read.crm() && k.equals("sessionName") ? session : v,
                            StandardCharsets.UTF_8)));
            if (read.crm()) {
                crmCall(HttpRequest.newBuilder(URI.create(crm.baseUrl() + read.path() + query)).GET());
            } else {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                                URI.create(dinero.baseUrl() + read.path() + query))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
                check(answer.statusCode() / 100 == 2, answer);
                JSON.readTree(answer.body());
            }
        }
    }

    private static String dineroToken(DineroSimulator dinero) {
        return new ApiKeyTokenSource(CamelHttpTransport.standalone(), dinero.baseUrl() + DineroSimulator.TOKEN_PATH,
                DineroSimulator.DEMO_CLIENT_ID, DineroSimulator.DEMO_CLIENT_SECRET, DineroSimulator.DEMO_API_KEY,
                Duration.ofSeconds(30)).token();
    }

    private static String crmSession(CrmSimulator crm) throws Exception {
        URI ws = URI.create(crm.webserviceUrl());
        String token = crmCall(HttpRequest.newBuilder(URI.create(ws + "?operation=getchallenge&username="
                + CrmSimulator.DEMO_USERNAME)).GET()).get("token").asText();
        return crmCall(post(ws, Map.of("operation", "login", "username", CrmSimulator.DEMO_USERNAME,
                "accessKey", md5(token + CrmSimulator.DEMO_ACCESS_KEY)))).get("sessionName").asText();
    }

    private static JsonNode crmCall(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(answer.body());
        check(body.path("success").asBoolean(), answer);
        return body.get("result");
    }

    private static HttpRequest.Builder post(URI uri, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    private static void check(boolean ok, HttpResponse<String> answer) {
        if (!ok) {
            throw new IllegalStateException("bare client: " + answer.request().uri().getPath() + " answered "
                    + answer.statusCode() + " " + answer.body());
        }
    }

    private static String md5(String s) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
