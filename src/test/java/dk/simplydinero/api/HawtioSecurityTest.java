package dk.simplydinero.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio at /actuator/hawtio and its Jolokia behind the Spring Security login, over real HTTP:
 * anonymous and wrong credentials are refused, HTTP Basic and the browser login (Spring's form login,
 * which Hawtio's front end uses as its "external" method, then session cookie + XSRF token) see the Camel routes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/test-db/hawtio-${random.uuid}"
})
class HawtioSecurityTest {

    private static final String ROUTES = "org.apache.camel:type=routes,*";
    private static final String GOOD = basic("admin", "sandbox");
    private static final String WRONG = basic("admin", "not-the-password");
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private final HttpClient plain = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @Test
    void healthStaysOpen() throws Exception {
        // no credentials needed; 503 while a side is red (the connections are still pending in this build);
        // UP/DOWN only, the components are for logged-in users
        HttpResponse<String> response = send(plain, get("/actuator/health"));
        assertThat(response.statusCode()).isIn(200, 503);
        assertThat(response.body()).contains("\"status\"").doesNotContain("\"components\"");
    }

    @Test
    void anonymousIsRefused() throws Exception {
        for (String path : List.of("/actuator/hawtio/", "/actuator/hawtio/index.html",
                "/actuator/hawtio/jolokia/version", "/actuator/hawtio/jolokia/search/" + ROUTES,
                "/actuator/jolokia/version", "/actuator/jolokia/search/" + ROUTES, "/actuator/hawtio/user")) {
            assertRefused(path, send(plain, get(path)));
            // as a browser: sent to the login form, never the console
            assertRefused(path, send(plain, get(path).header("Accept", "text/html")));
        }
        // a Jolokia POST without anything
        assertRefused("POST jolokia", send(plain, postJson("/actuator/hawtio/jolokia", searchRoutes())));
    }

    @Test
    void wrongCredentialsAreRefused() throws Exception {
        for (String path : List.of("/actuator/hawtio/", "/actuator/hawtio/jolokia/search/" + ROUTES,
                "/actuator/jolokia/search/" + ROUTES)) {
            HttpResponse<String> response = send(plain, get(path).header("Authorization", WRONG));
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.body()).as(path).doesNotContain("org.apache.camel");
        }
    }

    @Test
    void basicCredentialsListCamelRoutesThroughHawtiosJolokia() throws Exception {
        // several requests in a row: Hawtio must not throttle (429) successful logins
        for (int i = 0; i < 3; i++) {
            JsonNode search = jolokia(send(plain, get("/actuator/hawtio/jolokia/search/" + ROUTES)
                    .header("Authorization", GOOD)));
            assertThat(routeIdsOfNames(search.path("value"))).contains("status", "rest-openapi");
        }

        JsonNode read = jolokia(send(plain, get("/actuator/hawtio/jolokia/read/" + ROUTES + "/RouteId")
                .header("Authorization", GOOD)));
        assertThat(read.path("value").findValuesAsText("RouteId")).contains("status", "rest-openapi");

        // Jolokia's own actuator endpoint takes the same login
        JsonNode direct = jolokia(send(plain, get("/actuator/jolokia/search/" + ROUTES).header("Authorization", GOOD)));
        assertThat(routeIdsOfNames(direct.path("value"))).contains("status", "rest-openapi");

        // and the console itself is served
        HttpResponse<String> index = send(plain, get("/actuator/hawtio/index.html").header("Authorization", GOOD));
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).containsIgnoringCase("<html");
        HttpResponse<String> root = send(plain, get("/actuator/hawtio/").header("Authorization", GOOD));
        assertThat(root.statusCode()).isIn(200, 302);
        if (root.statusCode() == 302) {
            assertThat(root.headers().firstValue("Location").orElse("")).doesNotContain("/login");
        }
    }

    @Test
    void browserLoginThenSessionAndXsrfTokenListCamelRoutes() throws Exception {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        // the console sends an anonymous browser to Spring Security's login form
        HttpResponse<String> console = send(browser, get("/actuator/hawtio/").header("Accept", "text/html"));
        assertThat(console.statusCode()).isEqualTo(302);
        assertThat(console.headers().firstValue("Location").orElse("")).endsWith("/login");

        HttpResponse<String> form = send(browser, get("/login"));
        assertThat(form.statusCode()).isEqualTo(200);
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).as("CSRF field in the login form").isTrue();

        HttpResponse<String> login = send(browser, HttpRequest.newBuilder(url("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=sandbox&_csrf="
                        + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))));
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error")
                .contains("/actuator/hawtio");

        // what the front end asks first: how to log in (Spring Security = "external") and who is logged in
        HttpResponse<String> methods = send(browser, get("/actuator/hawtio/auth/config/login"));
        assertThat(methods.statusCode()).isEqualTo(200);
        assertThat(methods.body()).contains("\"external\"");
        HttpResponse<String> user = send(browser, get("/actuator/hawtio/user"));
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.body()).contains("admin");
        HttpResponse<String> index = send(browser, get("/actuator/hawtio/index.html"));
        assertThat(index.statusCode()).isEqualTo(200);

        String xsrf = cookie(cookies, "XSRF-TOKEN");
        assertThat(xsrf).as("XSRF-TOKEN cookie for the front end").isNotBlank();

        // the front end's Jolokia POSTs: session cookie + X-XSRF-TOKEN header
        JsonNode search = jolokia(send(browser, postJson("/actuator/hawtio/jolokia", searchRoutes())
                .header("X-XSRF-TOKEN", xsrf)));
        assertThat(routeIdsOfNames(search.path("value"))).contains("status", "rest-openapi");

        JsonNode read = jolokia(send(browser, postJson("/actuator/hawtio/jolokia",
                "{\"type\":\"read\",\"mbean\":\"" + ROUTES + "\",\"attribute\":\"RouteId\"}")
                .header("X-XSRF-TOKEN", cookie(cookies, "XSRF-TOKEN"))));
        assertThat(read.path("value").findValuesAsText("RouteId")).contains("status", "rest-openapi");

        // the same POST without the XSRF token is a forgery
        HttpResponse<String> forged = send(browser, postJson("/actuator/hawtio/jolokia", searchRoutes()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).doesNotContain("org.apache.camel");

        // Hawtio's logout ends the Spring Security session
        HttpResponse<String> logout = send(browser, get("/actuator/hawtio/auth/logout"));
        assertThat(logout.statusCode()).isIn(200, 302);
        assertRefused("jolokia after logout", send(browser, get("/actuator/hawtio/jolokia/search/" + ROUTES)));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertRefused(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        assertThat(status).as(what + " -> " + status).isIn(401, 403, 302);
        if (status == 302) {
            assertThat(response.headers().firstValue("Location").orElse("")).as(what).endsWith("/login");
        }
        assertThat(response.body()).as(what).doesNotContain("org.apache.camel").doesNotContain("hawtio-static");
    }

    /** Jolokia answers HTTP 200 with its own status inside. */
    private static JsonNode jolokia(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.path("status").asInt()).as(response.body()).isEqualTo(200);
        return json;
    }

    private static List<String> routeIdsOfNames(JsonNode names) {
        List<String> ids = new ArrayList<>();
        Pattern name = Pattern.compile("[:,]name=\"?([^\",]+)\"?");
        names.forEach(n -> {
            Matcher m = name.matcher(n.asText());
            if (m.find()) {
                ids.add(m.group(1));
            }
        });
        return ids;
    }

    private static String searchRoutes() {
        return "{\"type\":\"search\",\"mbean\":\"" + ROUTES + "\"}";
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .reduce((first, second) -> second)
                .orElse(null);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).GET();
    }

    private HttpRequest.Builder postJson(String path, String body) {
        return HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
