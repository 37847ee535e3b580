package dk.simplydinero.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport under both API clients, against small servers of its own: what goes out is exactly the request
 * (no Camel headers, path and query as given, never in the endpoint URI), a redirect comes back as it is, and the
 * deadline covers the whole exchange: a server that keeps the body coming a byte at a time, each within the read
 * timeout, is cut off.
 */
@Timeout(30)
class CamelHttpTransportTest {

    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    @Test
    void sendsOnlyTheRequestsOwnHeadersAndKeepsPathAndQueryOutOfTheEndpoint() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getRequestHeaders().forEach((name, values) -> seen.add(name.toLowerCase() + ": " + values));
            seen.add("body: " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"ok\":\"æøå\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.getResponseHeaders().set("Retry-After", "7");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(() -> server.stop(0));
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";

        CamelHttpTransport.Side side = CamelHttpTransport.standalone().side("test-http", base, Duration.ofSeconds(5));
        CamelHttpTransport.Answer answer = side.send(new CamelHttpTransport.Request("POST", "/v1/org/contacts",
                "fields=Name%2CEmail&q=a+b", Map.of("Authorization", "Bearer s3cret-token", "Accept", "application/json",
                        "Content-Type", "application/json; charset=utf-8"), "{\"Name\":\"Ærø\"}"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"ok\":\"æøå\"}");
        assertThat(answer.header("retry-after")).isEqualTo("7");
        assertThat(seen.get(0)).isEqualTo("POST /api/v1/org/contacts?fields=Name%2CEmail&q=a+b");
        assertThat(seen).contains("authorization: [Bearer s3cret-token]", "accept: [application/json]",
                "body: {\"Name\":\"Ærø\"}");
        assertThat(seen).noneMatch(h -> h.startsWith("camel") || h.startsWith("breadcrumbid"));
        assertThat(side.endpointUri()).startsWith(base + "?").doesNotContain("contacts", "fields", "s3cret");
    }

    @Test
    void aRedirectIsAnsweredAsItIsNotFollowed() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().set("Location", "https://elsewhere.example/webservice.php");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
        servers.add(() -> server.stop(0));

        CamelHttpTransport.Answer answer = CamelHttpTransport.standalone()
                .side("test-http", "http://127.0.0.1:" + server.getAddress().getPort() + "/webservice.php",
                        Duration.ofSeconds(5))
                .send(new CamelHttpTransport.Request("GET", "", "operation=listtypes", Map.of(), null));

        assertThat(answer.status()).isEqualTo(301);
        assertThat(answer.header("Location")).isEqualTo("https://elsewhere.example/webservice.php");
        assertThat(seen).containsExactly("/webservice.php");
    }

    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a blocked read ignores interrupts
    void aBodyThatKeepsTricklingInIsCutOffAtTheDeadline() throws Exception {
        ServerSocket listener = new ServerSocket(0);
        servers.add(listener);
        Thread trickle = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                    // the request head
                }
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                // One byte at a time, each well within the read timeout: only a deadline on the whole ends it.
                while (true) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                // the client went away
            }
        }, "trickling-server");
        trickle.setDaemon(true);
        trickle.start();

        CamelHttpTransport.Side side = CamelHttpTransport.standalone().side("test-http",
                "http://127.0.0.1:" + listener.getLocalPort() + "/slow", Duration.ofMillis(500));
        assertThatThrownBy(() -> side.send(new CamelHttpTransport.Request("GET", "", null, Map.of(), null)))
                .isInstanceOfSatisfying(HttpTimeout.class, e -> assertThat(e.connecting()).isFalse())
                .hasMessage("no complete answer within 500 ms");
    }

    /**
     * The endpoint a call is counted under on the meters: a CRM operation by its name (in the query or a form body),
     * a Dinero call by its path with every id (organization, GUID) replaced; nothing else of the request gets in.
     */
    @Test
    void anEndpointOnTheMetersIsTheOperationOrThePathWithoutIdsOrSecrets() {
        String session = "6b2f41c95f3e0a7d2b1c";
        assertThat(CamelHttpTransport.endpointOf(new CamelHttpTransport.Request("GET", "",
                "operation=query&sessionName=" + session + "&query=SELECT+*+FROM+Accounts+WHERE+id+%3D+%2711x42%27%3B",
                Map.of(), null), "/webservice.php")).isEqualTo("query");
        assertThat(CamelHttpTransport.endpointOf(new CamelHttpTransport.Request("POST", "", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "sessionName=" + session + "&operation=update&element=%7B%22id%22%3A%2211x42%22%7D"), "/webservice.php"))
                .isEqualTo("update");
        assertThat(CamelHttpTransport.endpointOf(new CamelHttpTransport.Request("POST", "", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "operation=" + session + "%2F1"), ""))
                .as("an operation that is no word").isEqualTo("other");
        assertThat(CamelHttpTransport.endpointOf(new CamelHttpTransport.Request("PUT",
                "/v1.2/247519/invoices/3f1c2a9e-5b7d-4e21-9c3a-0d8e6f4b2a11", null,
                Map.of("Authorization", "Bearer " + session), "{\"operation=x\":1}"), ""))
                .isEqualTo("PUT /v1.2/{id}/invoices/{id}");
        assertThat(CamelHttpTransport.endpointOf(new CamelHttpTransport.Request("GET", "/v1/247519/contacts",
                "page=2&fields=Name", Map.of(), null), "")).isEqualTo("GET /v1/{id}/contacts");
        assertThat(CamelHttpTransport.endpointOf(new CamelHttpTransport.Request("POST", "", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=password&username=" + session + "&password=" + session), "/dineroapi/oauth/token"))
                .isEqualTo("POST /dineroapi/oauth/token");
        assertThat(CamelHttpTransport.sideOf("dinero-token-http")).isEqualTo("dinero");
        assertThat(CamelHttpTransport.sideOf("crm-http")).isEqualTo("crm");
    }
}
