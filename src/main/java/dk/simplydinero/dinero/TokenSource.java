package dk.simplydinero.dinero;

/**
 * Where the client's access tokens come from. Today: the API-key password grant ({@link ApiKeyTokenSource});
 * later public integrations use Visma Connect OAuth (authorization code + refresh token) behind the same
 * interface. Implementations are thread-safe and never expose the token in toString() or logs.
 */
public interface TokenSource {

    /** A valid access token, from the cache while it lives. */
    String token();

    /** Forgets {@code token} if it is the cached one (Dinero answered 401 with it). */
    void invalidate(String token);
}
