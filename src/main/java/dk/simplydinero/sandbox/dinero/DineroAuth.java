package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;

/**
 * Dinero's OAuth side: the token endpoint (client Basic credentials, password grant with the organization's API key
 * as user name and password) and the Bearer check of every API call, with token lifetime and expiry.
 */
final class DineroAuth {

    private final DineroStore store;
    /** Whether a token may make one more call (the simulator-wide "expire after n calls" knob). */
    private final Predicate<AtomicInteger> spendCall;
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final AtomicLong tokensIssued = new AtomicLong();
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    DineroAuth(DineroStore store, Predicate<AtomicInteger> spendCall) {
        this.store = store;
        this.spendCall = spendCall;
    }

    void addClient(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
    }

    void tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
    }

    void expireAll() {
        tokens.clear();
    }

    long tokensIssued() {
        return tokensIssued.get();
    }

    /** {@code POST /dineroapi/oauth/token}. */
    SimResponse token(SimRequest r) {
        if (!"POST".equalsIgnoreCase(r.method())) {
            return DineroAnswers.html(405, "405 - HTTP verb used to access this page is not allowed.");
        }
        String client = basicUser(r.header("Authorization"));
        if (client == null) {
            return SimResponse.json(401, "{\"error\":\"invalid_client\"}");
        }
        if (!"password".equals(r.form().get("grant_type"))) {
            return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        String user = r.form().get("username");
        String password = r.form().get("password");
        DineroStore.Org org = null;
        if (user != null && user.equals(password)) {
            for (DineroStore.Org o : store.orgs()) {
                if (user.equals(o.apiKey)) {
                    org = o;
                }
            }
        }
        if (org == null) {
            return SimResponse.json(400, "{\"error\":\"invalid_grant\"}");
        }
        String value = UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
        long seconds = Math.max(1, tokenLifetime.toSeconds());
        tokens.put(value, new Token(org.id, store.now().plusSeconds(seconds), new AtomicInteger()));
        tokensIssued.incrementAndGet();
        ObjectNode o = NODES.objectNode();
        o.put("access_token", value);
        o.put("token_type", "Bearer");
        o.put("expires_in", seconds);
        return DineroAnswers.json(200, o);
    }

    /** The id of the organization the call's Bearer token was issued for; 401 when it is unknown or spent. */
    String authenticate(SimRequest r) {
        String header = r.header("Authorization");
        Token token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = tokens.get(header.substring(7).trim());
        }
        if (token == null || !store.now().isBefore(token.expiresAt)
                || !spendCall.test(token.calls())) {
            throw new DineroAnswers.Answer(SimResponse.json(401, "{\"Message\":\"Authorization has been denied for this request.\"}")
                    .withHeader("WWW-Authenticate", "Bearer"));
        }
        return token.org();
    }

    /** Client id when the Basic credentials are known, else null. */
    private String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        return secret.equals(clients.get(id)) ? id : null;
    }

    private record Token(String org, Instant expiresAt, AtomicInteger calls) {
    }
}
