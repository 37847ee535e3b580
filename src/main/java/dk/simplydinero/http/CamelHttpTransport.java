package dk.simplydinero.http;

import dk.simplydinero.metrics.SyncMeters;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.concurrent.Cancellable;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The transport of both API clients: every call to Simply CRM and Dinero is an exchange through a small route per
 * side ({@code direct:<id>} → a {@code camel-http} endpoint), so Hawtio lists each side's route and endpoint with
 * its exchange counts and camel-micrometer's route policy times them.
 *
 * <p>Endpoint URIs are stable and hold no secret: the base URL and the transport options only. The path and query of
 * a call travel in {@link Exchange#HTTP_PATH} and {@link Exchange#HTTP_RAW_QUERY}, credentials in headers; each call
 * is a fresh exchange carrying only the request's own headers, and the answer's headers stay on that exchange.
 *
 * <p>What the clients relied on from the JDK client is kept: redirects are not followed, no cookies, no automatic
 * retries (the side's {@link SideGuard} decides what is tried again; HttpClient would repeat 429s and 503s itself),
 * and a deadline on the whole exchange: the connection is aborted when the complete answer has not arrived within
 * the timeout (HttpClient's own timeouts are per connect and per read, so a server dribbling a body would hold
 * a call forever).
 *
 * <p>Every call is counted once, here, for {@code /actuator/prometheus} ({@link SyncMeters#apiRequest}): by side (the
 * route name up to its first {@code -}: {@code crm}, {@code dinero}), endpoint ({@link #endpointOf}) and status.
 */
public final class CamelHttpTransport {

    /** Registry name of the HttpClient set-up the endpoints refer to. */
    static final String CONFIGURER_NAME = "simplyDineroHttpClient";

    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    private static final ScheduledExecutorService TIMER = deadlineTimer();

    /** One daemon thread; a call's timer leaves the queue when the call ends (it holds the request, credentials too). */
    private static ScheduledExecutorService deadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "http-deadline");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Registers the current call's request so that its deadline can abort it, whatever phase it is in. */
    static final HttpClientConfigurer CONFIGURER = builder -> builder
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableContentCompression()
            .addExecInterceptorFirst("deadline", (request, scope, chain) -> {
                Deadline deadline = CURRENT.get();
                if (deadline != null && scope.originalRequest instanceof Cancellable c) {
                    deadline.attach(c);
                }
                return chain.proceed(request, scope);
            });

    private static volatile CamelHttpTransport standalone;

    private final CamelContext context;
    private final ProducerTemplate template;
    private final SyncMeters meters;
    /** Endpoint URI → its side, so clients with the same settings share one route and endpoint. */
    private final Map<String, Side> sides = new LinkedHashMap<>();

    private CamelHttpTransport(CamelContext context, SyncMeters meters) {
        this.context = context;
        this.template = context.createProducerTemplate();
        this.meters = meters;
    }

    /** The transport on {@code context}, counting its calls nowhere. */
    public static CamelHttpTransport on(CamelContext context) {
        return on(context, SyncMeters.none());
    }

    /**
     * The transport on {@code context} (the service's: its routes and endpoints are what Hawtio shows), counting
     * every call in {@code meters}.
     */
    public static CamelHttpTransport on(CamelContext context, SyncMeters meters) {
        if (context.getRegistry().lookupByName(CONFIGURER_NAME) == null) {
            context.getRegistry().bind(CONFIGURER_NAME, HttpClientConfigurer.class, CONFIGURER);
        }
        return new CamelHttpTransport(context, meters);
    }

    /**
     * One transport on a private Camel context (no JMX) shared by clients built outside the service, e.g. in tests
     * and tools; the service passes its own context instead.
     */
    public static CamelHttpTransport standalone() {
        CamelHttpTransport t = standalone;
        if (t == null) {
            synchronized (CamelHttpTransport.class) {
                t = standalone;
                if (t == null) {
                    DefaultCamelContext context = new DefaultCamelContext();
                    context.getCamelContextExtension().setName("simply-dinero-http");
                    context.disableJMX();
                    context.start();
                    t = on(context);
                    standalone = t;
                }
            }
        }
        return t;
    }

    /**
     * The side {@code name} (the route id, e.g. {@code crm-http}) sending to {@code baseUrl} with {@code timeout} as
     * the connect, read and whole-exchange limit. {@code baseUrl} must not contain a secret: it becomes the
     * endpoint URI. The route is added at the first call (the service's context is started by then).
     */
    public synchronized Side side(String name, String baseUrl, Duration timeout) {
        String uri = endpointUri(baseUrl, timeout);
        Side side = sides.get(uri);
        if (side == null) {
            String id = name;
            for (int n = 2; isTaken(id); n++) {
                id = name + "-" + n;
            }
            side = new Side(name, id, baseUrl, uri, timeout);
            sides.put(uri, side);
        }
        return side;
    }

    private boolean isTaken(String id) {
        return sides.values().stream().anyMatch(s -> s.routeId.equals(id));
    }

    static String endpointUri(String baseUrl, Duration timeout) {
        URI base = URI.create(baseUrl.trim());
        if (base.getScheme() == null || base.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + HttpFailures.hostAndPort(baseUrl));
        }
        String scheme = base.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("not an http(s) URL: " + scheme + "://" + base.getHost());
        }
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        long millis = Math.max(1, timeout.toMillis());
        return scheme + "://" + HttpFailures.hostAndPort(base) + path
                + "?throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + millis + "&connectionRequestTimeout=" + millis
                + "&responseTimeout=" + millis + "&soTimeout=" + millis
                + "&httpClientConfigurer=#" + CONFIGURER_NAME;
    }

    /** One request: method, path below the base URL (or empty), raw query (or null), headers, text body (or null). */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {
    }

    /**
     * One answer: status, the body as text (charset of its Content-Type, else UTF-8), its headers, and the body's
     * bytes as received, for a binary answer (a PDF) that text would mangle.
     */
    public record Answer(int status, String body, Map<String, String> headers, byte[] bytes) {
        /** The first value of header {@code name} (case-insensitive), or null. */
        public String header(String name) {
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    /** Answer headers the clients read; the others stay on the exchange. */
    private static final String[] READ_HEADERS = {"Content-Type", "Content-Length", "Location", "Retry-After"};

    /** One side: its route ({@code direct:<routeId>} → the camel-http endpoint) and its deadline. */
    public final class Side {
        private final String name;
        private final String routeId;
        private final String baseUrl;
        /** The base URL's path, the start of every call's endpoint on the meters. */
        private final String basePath;
        private final String endpointUri;
        private final Duration timeout;
        private volatile boolean started;

        private Side(String name, String routeId, String baseUrl, String endpointUri, Duration timeout) {
            this.name = name;
            this.routeId = routeId;
            this.baseUrl = baseUrl;
            this.basePath = URI.create(baseUrl.trim()).getRawPath();
            this.endpointUri = endpointUri;
            this.timeout = timeout;
        }

        public String routeId() {
            return routeId;
        }

        public String endpointUri() {
            return endpointUri;
        }

        private synchronized void ensureRoute() throws IOException {
            if (started) {
                return;
            }
            try {
                context.addRoutes(new RouteBuilder(context) {
                    @Override
                    public void configure() {
                        // The clients judge every failure themselves (typed errors, retries, breaker): no Camel
                        // error handling, no logging of the exchange here.
                        errorHandler(noErrorHandler());
                        // Stopped after the routes that call the clients have finished their exchanges.
                        from("direct:" + routeId).routeId(routeId).shutdownRoute(ShutdownRoute.Defer)
                                .routeDescription("Every call to " + HttpFailures.hostAndPort(URI.create(
                                        endpointUri.substring(0, endpointUri.indexOf('?')))))
                                .to(endpointUri).id(routeId + "-call");
                    }
                });
            } catch (Exception e) {
                throw new IOException("cannot set up the route " + routeId + ": " + e.getMessage(), e);
            }
            started = true;
        }

        /**
         * Sends {@code request} and reads the whole answer within the side's timeout; counts the call with its status
         * ({@code timeout} or {@code error} when no answer came).
         *
         * @throws HttpTimeout          no complete answer in time (the exchange is aborted); {@link HttpTimeout#connecting()}
         *                              when the connection was not made
         * @throws IOException          any other transport failure (a non-I/O cause is wrapped)
         * @throws InterruptedException the calling thread was interrupted while it waited
         */
        public Answer send(Request request) throws IOException, InterruptedException {
            String status = "error";
            try {
                Answer answer = exchange(request);
                status = Integer.toString(answer.status());
                return answer;
            } catch (HttpTimeout e) {
                status = "timeout";
                throw e;
            } finally {
                meters.apiRequest(sideOf(name), endpointOf(request, basePath), status);
            }
        }

        /** {@link #send} without counting. */
        private Answer exchange(Request request) throws IOException, InterruptedException {
            if (!context.isStarted()) {
                // The service checks its settings against the CRM while it starts, before Camel has started (and
                // a run may still be finishing while it stops): such calls go through the standalone context (and
                // are counted here, on the service's meters).
                CamelHttpTransport fallback = standalone();
                if (fallback != CamelHttpTransport.this) {
                    return fallback.side(name, baseUrl, timeout).exchange(request);
                }
            }
            ensureRoute();
            Exchange exchange = new DefaultExchange(context);
            Message in = exchange.getIn();
            in.setHeader(Exchange.HTTP_METHOD, method(request.method()));
            if (request.path() != null && !request.path().isEmpty()) {
                in.setHeader(Exchange.HTTP_PATH, request.path());
            }
            if (request.query() != null && !request.query().isEmpty()) {
                in.setHeader(Exchange.HTTP_RAW_QUERY, request.query());
            }
            request.headers().forEach(in::setHeader);
            if (request.body() != null) {
                in.setBody(request.body().getBytes(StandardCharsets.UTF_8));
            }
            Deadline deadline = new Deadline();
            ScheduledFuture<?> timer = TIMER.schedule(deadline::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
            CURRENT.set(deadline);
            try {
                template.send("direct:" + routeId, exchange);
            } finally {
                CURRENT.remove();
                timer.cancel(false);
            }
            Exception failure = exchange.getException();
            if (failure != null) {
                throw transportFailure(failure, deadline.expired());
            }
            Message out = exchange.getMessage();
            Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (status == null) {
                throw new IOException("no HTTP status in the answer");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : READ_HEADERS) {
                String value = out.getHeader(name, String.class);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            byte[] body = out.getBody(byte[].class);
            String text = body == null ? "" : new String(body, charset(headers.get("Content-Type")));
            return new Answer(status, text, headers, body == null ? new byte[0] : body);
        }

        private IOException transportFailure(Exception failure, boolean expired) throws InterruptedException {
            if (failure instanceof ConnectTimeoutException) {
                return new HttpTimeout("cannot connect within " + timeout.toMillis() + " ms", true, failure);
            }
            if (expired || failure instanceof SocketTimeoutException) {
                return new HttpTimeout("no complete answer within " + timeout.toMillis() + " ms", false, failure);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during the HTTP call");
            }
            if (failure instanceof IOException io) {
                return io;
            }
            Throwable cause = failure.getCause() != null && failure instanceof org.apache.camel.RuntimeCamelException
                    ? failure.getCause() : failure;
            return cause instanceof IOException io ? io : new IOException(HttpFailures.describe(cause), cause);
        }

        @Override
        public String toString() {
            return "CamelHttpTransport.Side[" + routeId + "]";
        }
    }

    /**
     * The method as camel-http reads it: its own enum, so that no exchange converts the text (Camel's enum conversion
     * was 3 % of the sync's CPU); a text it does not know goes as it was and fails there as before.
     */
    private static Object method(String method) {
        for (HttpMethods known : METHODS) {
            if (known.name().equals(method)) {
                return known;
            }
        }
        return method;
    }

    private static final HttpMethods[] METHODS = HttpMethods.values();
    private static final Pattern OPERATION = Pattern.compile("[A-Za-z_]{1,40}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,10}");
    private static final Pattern WORD_OR_VERSION = Pattern.compile("[A-Za-z]{1,30}|v\\d{1,2}(\\.\\d{1,2})?");

    /** The side a route belongs to, for the meters: its name up to the first {@code -} ({@code dinero-token-http}: dinero). */
    static String sideOf(String routeName) {
        int dash = routeName.indexOf('-');
        return dash < 0 ? routeName : routeName.substring(0, dash);
    }

    /**
     * A call's endpoint as the meters name it, from a small set whatever the records: the webservice operation when
     * the call names one (Simply CRM: {@code query}, {@code login}, …), else the method and path with every segment
     * that is not a plain word or an API version replaced by {@code {id}} ({@code GET /v1/{id}/contacts/{id}}).
     * Nothing else of the request (sessions, tokens, ids, values) gets in.
     */
    static String endpointOf(Request request, String basePath) {
        String operation = FormEncoding.value(request.query(), "operation");
        if (operation == null && isForm(request)) {
            operation = FormEncoding.value(request.body(), "operation");
        }
        if (operation != null) {
            return OPERATION.matcher(operation).matches() ? operation : "other";
        }
        StringBuilder endpoint = new StringBuilder(METHOD.matcher(request.method()).matches() ? request.method() : "OTHER")
                .append(' ');
        String path = (basePath == null ? "" : basePath) + (request.path() == null ? "" : request.path());
        int segments = 0;
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                endpoint.append('/').append(WORD_OR_VERSION.matcher(segment).matches() ? segment : "{id}");
                segments++;
            }
        }
        return segments == 0 ? endpoint.append('/').toString() : endpoint.toString();
    }

    private static boolean isForm(Request request) {
        return request.body() != null && request.headers().entrySet().stream().anyMatch(h ->
                h.getKey().equalsIgnoreCase("Content-Type")
                        && h.getValue().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"));
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            for (String part : contentType.split(";")) {
                String p = part.trim();
                if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                    try {
                        return Charset.forName(p.substring(8).replace("\"", "").trim());
                    } catch (RuntimeException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The deadline of one call: once it has passed, the call's request is aborted (now or when it is attached). */
    private static final class Deadline {
        private Cancellable request;
        private boolean expired;

        synchronized void attach(Cancellable c) {
            request = c;
            if (expired) {
                c.cancel();
            }
        }

        synchronized void expire() {
            expired = true;
            if (request != null) {
                request.cancel();
            }
        }

        synchronized boolean expired() {
            return expired;
        }
    }
}
