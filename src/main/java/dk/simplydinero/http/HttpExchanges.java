package dk.simplydinero.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One HTTP exchange with a deadline on the whole of it, shared by the API clients. */
public final class HttpExchanges {

    private HttpExchanges() {
    }

    /**
     * Sends {@code request} and reads the whole answer as text within {@code deadline}. The JDK client's own request
     * timeout stops at the response headers: a server that stalls or drops the connection in the middle of the body
     * would block forever without this.
     *
     * @throws HttpTimeoutException no complete answer within the deadline (the exchange is cancelled);
     *                              {@link java.net.http.HttpConnectTimeoutException} when the connection was not made
     * @throws IOException          any other transport failure (a non-I/O cause is wrapped, e.g.
     *                              {@link java.nio.channels.UnresolvedAddressException})
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration deadline)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : HttpFailures.describe(cause), cause);
        }
    }
}
