package dk.simplydinero.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.simplydinero.http.CamelHttpTransport;
import dk.simplydinero.http.FormEncoding;
import dk.simplydinero.http.HttpFailures;
import dk.simplydinero.http.HttpTimeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Dinero's API-key flow: password grant at the token endpoint with the integration's client id/secret (Basic
 * auth) and the organization's API key as user name and password. There is no refresh token: the token is
 * cached and a new one is asked for ~30 s before {@code expires_in} ends (for very short lifetimes a fifth of
 * the lifetime before). Token calls do not count against the API's rate limit.
 */
public final class ApiKeyTokenSource implements TokenSource {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyTokenSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_MARGIN_NANOS = Duration.ofSeconds(30).toNanos();

    private final CamelHttpTransport transport;
    /** The route and camel-http endpoint of the token calls, set up at the first call. */
    private CamelHttpTransport.Side http;
    private final URI tokenUri;
    private final String clientId;
    private final String basicAuth;
    private final String form;
    private final Duration timeout;
    private final LongSupplier ticker;

    private String cached;
    private long renewAt;

    public ApiKeyTokenSource(CamelHttpTransport transport, String authUrl, String clientId, String clientSecret,
                             String apiKey, Duration timeout) {
        this(transport, authUrl, clientId, clientSecret, apiKey, timeout, System::nanoTime);
    }

    /** With the time source {@code ticker} (nanoseconds, like {@link System#nanoTime}) deciding when to renew. */
    public ApiKeyTokenSource(CamelHttpTransport transport, String authUrl, String clientId, String clientSecret,
                             String apiKey, Duration timeout, LongSupplier ticker) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.transport = transport;
        this.tokenUri = URI.create(authUrl);
        this.clientId = clientId;
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (nz(clientId) + ":" + nz(clientSecret)).getBytes(StandardCharsets.UTF_8));
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put("grant_type", "password");
        grant.put("scope", "read write");
        grant.put("username", nz(apiKey));
        grant.put("password", nz(apiKey));
        this.form = FormEncoding.encode(grant);
        this.timeout = timeout;
    }

    @Override
    public synchronized String token() {
        if (cached != null && ticker.getAsLong() - renewAt < 0) {
            return cached;
        }
        return fetchFresh();
    }

    @Override
    public synchronized void invalidate(String token) {
        if (token == null || token.equals(cached)) {
            cached = null;
        }
    }

    /** Asks the authorization server for a new token now (the lock is held by {@link #token}). */
    private String fetchFresh() {
        long sentAt = ticker.getAsLong();
        // The client credentials and the API key go in a header and the body, never into the endpoint URI.
        CamelHttpTransport.Request request = new CamelHttpTransport.Request("POST", "", null, Map.of(
                "Authorization", basicAuth, "Content-Type", "application/x-www-form-urlencoded",
                "Accept", "application/json"), form);
        CamelHttpTransport.Answer response;
        try {
            if (http == null) {
                http = transport.side("dinero-token-http", where(), timeout);
            }
            response = http.send(request);
        } catch (HttpTimeout e) {
            throw new DineroException.Transport(DineroException.Transport.Cause.TIMEOUT,
                    "Dinero token endpoint " + where() + " did not answer within " + timeout.toSeconds() + " s", 0, e);
        } catch (IOException e) {
            throw new DineroException.Transport(DineroException.Transport.Cause.IO,
                    "Dinero token endpoint " + where() + " unreachable: " + HttpFailures.describe(e), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DineroException.Transport(DineroException.Transport.Cause.INTERRUPTED, "Interrupted while getting a Dinero token", 0, e);
        }
        int status = response.status();
        JsonNode body = parse(response.body());
        if (status == 200 && body != null && body.hasNonNull("access_token")) {
            long seconds = body.path("expires_in").asLong(3600);
            long lifetime = Duration.ofSeconds(Math.max(1, seconds)).toNanos();
            long margin = Math.min(MAX_MARGIN_NANOS, lifetime / 5);
            cached = body.get("access_token").asText();
            renewAt = sentAt + lifetime - margin;
            log.debug("Dinero token obtained for client {} (expires in {} s)", clientId, seconds);
            return cached;
        }
        // Only an OAuth-style error code is repeated: an endpoint or proxy echoing the request there would put the
        // API key into messages.
        String said = body != null && body.hasNonNull("error") ? body.get("error").asText() : null;
        String error = said == null ? null : said.matches("[a-z_]{1,40}") ? said : "unknown_error";
        if (status >= 500) {
            throw new DineroException.Transport(DineroException.Transport.Cause.SERVER_ERROR,
                    "Dinero token endpoint " + where() + " answered HTTP " + status, status, null);
        }
        if ("invalid_grant".equals(error)) {
            throw new DineroException.Auth(error, "Dinero refused the API key (invalid_grant)", status);
        }
        if ("invalid_client".equals(error) || (status == 401 && error == null && body != null)) {
            throw new DineroException.Auth("invalid_client", "Dinero refused the client id/secret (invalid_client)", status);
        }
        if (error != null && (status == 400 || status == 401)) {
            throw new DineroException.Auth(error, "Dinero refused the token request (" + error + ")", status);
        }
        throw new DineroException.Transport(DineroException.Transport.Cause.MALFORMED,
                "Not a Dinero token answer from " + where() + " (HTTP " + status + ")", status, null);
    }

    private String where() {
        return tokenUri.getScheme() + "://" + tokenUri.getAuthority() + tokenUri.getPath();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return "ApiKeyTokenSource[" + where() + ", clientId=" + clientId + "]";
    }
}
