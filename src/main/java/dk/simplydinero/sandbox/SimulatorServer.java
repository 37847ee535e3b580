package dk.simplydinero.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulator of a remote API served over real HTTP on a loopback socket (port 0 = a free port), so the
 * production HTTP code of the clients runs unchanged against it. Subclasses answer requests; this class
 * logs every request and injects the faults set in {@link #faults()}. It also holds the knobs every simulator
 * has: the {@link #setClock clock} of the simulated server and the number of calls after which a credential
 * (a session, a token) stops working ({@link #expireCredentialsAfterCalls}).
 */
public abstract class SimulatorServer implements AutoCloseable {

    protected static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Without TCP_NODELAY, headers and body go out as two small writes and Nagle + delayed ACK add ~40 ms
        // to every answer. Read once by the JDK server's configuration, so set before the first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final RequestLog requestLog = new RequestLog();
    private final Faults faults = new Faults();
    private HttpServer server;
    private ExecutorService executor;
    private volatile Clock clock = Clock.systemUTC();
    private volatile int credentialCallLimit;

    protected SimulatorServer(String name) {
        this.name = name;
    }

    /** Starts listening on 127.0.0.1:{@code port}; 0 picks a free port. Returns this for chaining. */
    public synchronized SimulatorServer start(int port) {
        if (server != null) {
            throw new IllegalStateException(name + " simulator already started on port " + port());
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the " + name + " simulator on port " + port + ": " + e.getMessage(), e);
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, name + "-sim-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        log.info("{} simulator listening on {}", name, baseUrl());
        return this;
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " simulator is not started");
        }
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public RequestLog requestLog() {
        return requestLog;
    }

    public Faults faults() {
        return faults;
    }

    /** The simulated server's clock (record times, credential expiry, …). Subclasses narrow the return type. */
    public SimulatorServer setClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Every credential (existing and new) stops working after {@code n} calls made with it; 0 switches this off.
     * Subclasses name it after their credential (sessions, tokens).
     */
    public SimulatorServer expireCredentialsAfterCalls(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("call limit must be 0 (off) or more, was " + n);
        }
        this.credentialCallLimit = n;
        return this;
    }

    /**
     * Counts one call made with a credential ({@code calls} is that credential's counter); false when the credential
     * has used up its calls (see {@link #expireCredentialsAfterCalls}) and must be refused.
     */
    protected final boolean spendCredentialCall(AtomicInteger calls) {
        int used = calls.incrementAndGet();
        int limit = credentialCallLimit;
        return limit <= 0 || used <= limit;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    /** The simulator's name for this request, recorded in the request log (e.g. {@code query}, {@code contacts.list}). */
    protected abstract String operationOf(SimRequest request);

    /** Answers one request. An exception becomes a plain HTTP 500, as a crashing PHP or .NET server would send. */
    protected abstract SimResponse handle(SimRequest request) throws Exception;

    private void dispatch(HttpExchange exchange) {
        Instant at = Instant.now();
        SimRequest request;
        try {
            request = read(exchange);
        } catch (IOException e) {
            exchange.close();
            return;
        }
        String operation;
        try {
            operation = operationOf(request);
        } catch (RuntimeException e) {
            operation = "?";
        }
        // In flight from its arrival until just before its answer goes out: the client cannot send its next request
        // before that, so the simulator never counts more in flight than the client had.
        String answered = operation;
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable finished = () -> {
            if (done.compareAndSet(false, true)) {
                requestLog.finished(answered);
            }
        };
        requestLog.started(operation);
        try {
            answer(exchange, request, operation, at, finished);
        } finally {
            finished.run();
        }
    }

    private void answer(HttpExchange exchange, SimRequest request, String operation, Instant at, Runnable finished) {
        String fault = null;
        SimResponse response;
        boolean serverError = faults.drawServerError();
        Faults.Malformed malformed = serverError ? null : faults.drawMalformed(request);
        if (serverError) {
            fault = "5xx";
            response = SimResponse.text(503, "text/html; charset=utf-8",
                    "<html><body><h1>503 Service Unavailable</h1></body></html>");
        } else if (malformed == Faults.Malformed.HTML) {
            fault = "html";
            response = SimResponse.text(200, "text/html; charset=utf-8", "<br />\n<b>Fatal error</b>: Uncaught Error:"
                    + " Call to a member function fetch() on null in <b>/var/www/html/index.php</b> on line <b>42</b><br />");
        } else {
            try {
                response = handle(request);
            } catch (Exception e) {
                log.debug("{} simulator failed on {} {}", name, request.method(), request.path(), e);
                response = SimResponse.text(500, "text/html; charset=utf-8",
                        "<html><body><h1>500 Internal Server Error</h1></body></html>");
            }
            if (malformed == Faults.Malformed.TRUNCATED_JSON) {
                fault = "truncated";
                response = truncated(response);
            }
            if (faults.drawSlow()) {
                fault = "slow";
                sleep(faults.slowDelay().toMillis());
            }
            if (faults.drawDrop()) {
                fault = "drop";
            }
        }
        int status = "drop".equals(fault) ? -1 : response.status();
        requestLog.add(new RequestLog.Entry(at, request.method(), request.path(), operation, status, fault,
                request.query()));
        finished.run();
        try {
            if ("drop".equals(fault)) {
                dropConnection(exchange);
            } else {
                write(exchange, response);
            }
        } catch (IOException e) {
            // The client went away (e.g. its timeout fired during a slow answer): nothing more to do.
        } finally {
            exchange.close();
        }
    }

    /** The answer cut off halfway, as HTTP 200 JSON; an empty answer becomes a lone {@code {"}. */
    private static SimResponse truncated(SimResponse response) {
        String body = response.bodyText();
        String half = body.length() < 4 ? "{\"" : body.substring(0, body.length() / 2);
        return SimResponse.json(200, half);
    }

    private static SimRequest read(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> query = SimRequest.parseUrlEncoded(uri.getRawQuery());
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SimRequest request = new SimRequest(exchange.getRequestMethod(), uri.getPath(), query,
                exchange.getRequestHeaders(), body, Map.of());
        if (request.isFormBody()) {
            request = new SimRequest(request.method(), request.path(), query, request.headers(), body,
                    SimRequest.parseUrlEncoded(body));
        }
        return request;
    }

    private static void write(HttpExchange exchange, SimResponse response) throws IOException {
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Closes the connection without an answer, after the work was done: the client sees the connection end
     * (EOF / reset) and cannot know whether its request took effect. Closing an exchange before its headers
     * were sent makes the JDK server close the socket itself; a half-written body would instead leave the
     * socket open and the client waiting for the rest.
     */
    private static void dropConnection(HttpExchange exchange) {
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
