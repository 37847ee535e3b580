package dk.simplydinero.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

/** Words for transport failures and the host they concern, shared by the API clients' messages. */
public final class HttpFailures {

    private static final int MAX_DEPTH = 10;

    private HttpFailures() {
    }

    /** Whether the chain says the host name could not be resolved. */
    public static boolean isUnknownHost(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The most telling words for an exception chain, without stack details (e.g. "connection refused"). */
    public static String describe(Throwable t) {
        if (isUnknownHost(t)) {
            return "host not found";
        }
        String found = null;
        int depth = 0;
        for (Throwable c = t; c != null && depth < MAX_DEPTH; c = c.getCause(), depth++) {
            if (c instanceof ConnectException || c instanceof ClosedChannelException) {
                return "connection refused";
            }
            if (c instanceof javax.net.ssl.SSLException) {
                return "TLS error: " + c.getMessage();
            }
            if (found == null && c.getMessage() != null && !c.getMessage().isBlank()) {
                found = c.getMessage();
            }
        }
        return found != null ? found : t.getClass().getSimpleName();
    }

    /** {@code host:port} of a URI, the scheme's default port filled in (80/443). */
    public static String hostAndPort(URI uri) {
        int port = uri.getPort();
        if (port < 0) {
            port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getHost() + ":" + port;
    }

    /** {@code host:port} of a URL given as text; "the configured URL" when it cannot be parsed. */
    public static String hostAndPort(String url) {
        try {
            URI u = URI.create(url);
            return u.getHost() == null ? "the configured URL" : hostAndPort(u);
        } catch (RuntimeException e) {
            return "the configured URL";
        }
    }
}
