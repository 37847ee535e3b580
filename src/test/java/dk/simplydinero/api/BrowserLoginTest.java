package dk.simplydinero.api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser's login (issue 12, part 1): after the form the user lands where they were going, even though the
 * browser asked for /favicon.ico meanwhile; the session cookie is HttpOnly and SameSite=Lax. Two roles: the viewer
 * reads everything, only the operator may start, retry and reload (the API answers 403 to a viewer).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        SecuredService.DB, SecuredService.PASSWORD_SETTING, SecuredService.NO_RUN_AT_START,
        "security.viewer.name=reader", "security.viewer.password=Viewer-Pw-77c1"})
class BrowserLoginTest {

    @LocalServerPort
    int port;

    @Test
    void afterTheLoginFormTheBrowserLandsOnHawtioNotOnTheFavicon() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> hawtio = browser.send(browser.get("/actuator/hawtio/"));
        assertThat(hawtio.statusCode()).isEqualTo(302);
        // what a browser fetches next on its own, also unauthenticated
        browser.send(browser.get("/favicon.ico").header("Accept", "image/avif,image/webp,image/png,*/*"));

        HttpResponse<String> login = browser.login(SecuredService.USER, SecuredService.PASSWORD);

        assertThat(login.statusCode()).isEqualTo(302);
        // Spring Security marks the saved page with ?continue
        assertThat(login.headers().firstValue("Location").orElse("")).matches("http://[^/]+/actuator/hawtio/(\\?continue)?");
    }

    /** A link on another site must not run a Jolokia operation with the operator's login: never by a GET. */
    @Test
    void jolokiaTakesNoOperationOrWriteByAGet() {
        ApiClient operator = new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD);
        assertThat(operator.get("/actuator/jolokia/search/org.apache.camel:type=routes,*").status()).isEqualTo(200);
        for (String path : List.of("/actuator/jolokia/exec/org.apache.camel:type=context,*/stop()",
                "/actuator/hawtio/jolokia/exec/org.apache.camel:type=context,*/stop()",
                "/actuator/jolokia/write/org.apache.camel:type=context,*/Tracing/true")) {
            assertThat(operator.get(path).status()).as("GET " + path).isEqualTo(403);
        }
        assertThat(operator.get("/api/status").json().at("/crm/status").isMissingNode()).isFalse();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() throws Exception {
        Browser browser = new Browser();
        browser.send(browser.get("/actuator/hawtio/"));
        HttpResponse<String> login = browser.login(SecuredService.USER, SecuredService.PASSWORD);

        String session = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElse("");
        assertThat(session).as("session cookie").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void aViewerReadsButMayNotSyncRetryOrReload() {
        ApiClient viewer = new ApiClient(port, "reader", "Viewer-Pw-77c1");
        assertThat(viewer.get("/api/status").status()).isEqualTo(200);
        assertThat(viewer.get("/api/runs").status()).isEqualTo(200);
        assertThat(viewer.get("/api/failures").status()).isEqualTo(200);
        assertThat(viewer.get("/api/mapping").status()).isEqualTo(200);

        for (String path : List.of("/api/sync", "/api/sync/organizations/23x1", "/api/failures/1/retry",
                "/api/mapping/reload")) {
            ApiClient.Answer answer = viewer.post(path, "{}");
            assertThat(answer.status()).as("POST " + path + " as a viewer").isEqualTo(403);
            assertThat(answer.body()).as(path).doesNotContain("\"runId\"");
        }
        assertThat(viewer.get("/api/runs").json()).as("no run started by the viewer").isEmpty();

        // Hawtio can stop routes: operators only
        ApiClient.Answer hawtio = viewer.get("/actuator/hawtio/jolokia/search/org.apache.camel:type=routes,*");
        assertThat(hawtio.status()).as("Hawtio's Jolokia as a viewer").isEqualTo(403);
        assertThat(viewer.get("/actuator/jolokia/search/org.apache.camel:type=routes,*").status())
                .as("Jolokia itself as a viewer").isEqualTo(403);
        assertThat(viewer.get("/actuator/jolokia/exec/org.apache.camel:type=context,*/stop()").status())
                .as("a Jolokia operation as a viewer").isEqualTo(403);
        // No MBean names (the refusal only echoes the path asked for).
        assertThat(hawtio.body()).doesNotContain("context=").doesNotContain("\"value\"");

        ApiClient operator = new ApiClient(port, SecuredService.USER, SecuredService.PASSWORD);
        assertThat(operator.post("/api/mapping/reload", "{}").status()).as("the operator may reload")
                .isNotIn(401, 403);
    }

    /** A browser: keeps cookies, does not follow redirects, asks for HTML. */
    final class Browser {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();

        HttpRequest.Builder get(String path) {
            return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET();
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            HttpResponse<String> form = send(get("/login"));
            Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(form.body());
            assertThat(csrf.find()).as("CSRF field in the login form").isTrue();
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password="
                            + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8))));
        }
    }
}
