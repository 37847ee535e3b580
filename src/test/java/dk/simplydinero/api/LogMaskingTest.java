package dk.simplydinero.api;

import dk.simplydinero.logging.SecretsFromEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log mask (logback-spring.xml, dk.simplydinero.logging) on the running service: whatever logger writes a
 * configured secret, or a session name, login key, token or Basic credential in a URL, body or header, the console
 * shows {@code ****}, in Spring Boot's usual line format. Loggers of libraries, JUL and System.Logger (the JDK's
 * HttpClient logs there) included, and stack traces too.
 *
 * <p>Its own context, started when this class runs: JUL and System.Logger reach logback through the bridge Spring Boot
 * installs at start and removes when any application in this JVM closes (other tests start and stop some).
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {SecuredService.DB, SecuredService.PASSWORD_SETTING, SecuredService.NO_RUN_AT_START})
class LogMaskingTest {

    @Autowired
    Environment env;

    private List<String> configuredSecrets() {
        List<String> secrets = new ArrayList<>();
        for (String key : SecretsFromEnvironment.SECRET_SETTINGS) {
            String value = env.getProperty(key);
            if (value != null && !value.isEmpty()) {
                secrets.add(value);
            }
        }
        assertThat(secrets).as("the shipped secrets and the test's API password")
                .contains(SecuredService.PASSWORD).hasSizeGreaterThanOrEqualTo(4);
        secrets.add(Base64.getEncoder().encodeToString((SecuredService.USER + ":" + SecuredService.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        return secrets;
    }

    @Test
    void configuredSecretsAreMaskedWhateverLoggerWritesThem(CapturedOutput output) {
        List<String> secrets = configuredSecrets();
        for (String secret : secrets) {
            LoggerFactory.getLogger("org.apache.camel.component.platform.http.Anything")
                    .info("slf4j says key={} in the middle", secret);
            LoggerFactory.getLogger("dk.simplydinero.SomeFutureClass")
                    .warn("a failure", new IllegalStateException("refused: " + secret,
                            new RuntimeException("cause with " + secret)));
            java.util.logging.Logger.getLogger("org.springframework.jul.Anything")
                    .warning("JUL says " + secret);
            System.getLogger("jdk.httpclient.HttpClient").log(System.Logger.Level.INFO, "System.Logger says " + secret);
        }

        String log = output.getAll();
        for (String secret : secrets) {
            assertThat(log).doesNotContain(secret);
        }
        assertThat(log).contains("slf4j says key=**** in the middle", "JUL says ****", "System.Logger says ****",
                "java.lang.IllegalStateException: refused: ****", "Caused by: java.lang.RuntimeException: cause with ****");
        // Spring Boot's line format is kept, and the stack trace printed once (no unmasked copy appended)
        assertThat(log).containsPattern("\\d{4}-\\d\\d-\\d\\dT[\\d:.]+\\S*\\s+WARN \\d+ --- \\[.*] "
                + "dk\\.simplydinero\\.SomeFutureClass\\s+: a failure");
        assertThat(log.split("IllegalStateException: refused: ", -1)).hasSize(secrets.size() + 1);
    }

    @Test
    void runtimeSecretsInUrlsBodiesAndHeadersAreMasked(CapturedOutput output) {
        String loginKey = "0cc175b9c0f1b6a831c399e269772661";
        String session = "5e1c2a9f0b7d4e3c8a6b2f10";
        String token = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        // What a debug logger of an HTTP client or of Camel prints: URLs, form bodies, JSON answers, header dumps.
        System.getLogger("jdk.httpclient.HttpClient").log(System.Logger.Level.INFO,
                "REQUEST: https://crm.example/webservice.php?operation=query&sessionName=" + session + "&query=x GET");
        LoggerFactory.getLogger("org.apache.camel.Tracing").debug("not on: debug is off here " + session);
        LoggerFactory.getLogger("org.apache.camel.Tracing").info("Exchange[Headers: {Authorization=Basic "
                + Base64.getEncoder().encodeToString("admin:whatever1".getBytes(StandardCharsets.UTF_8))
                + ", CamelHttpUri=/api/status}, Body: operation=login&username=admin&accessKey=" + loginKey + "]");
        LoggerFactory.getLogger("dk.simplydinero.dinero.Future").info("token answer {\"access_token\":\""
                + token + "\",\"token_type\":\"Bearer\"} then Authorization: Bearer " + token);

        String log = output.getAll();
        assertThat(log).doesNotContain(loginKey, session, token, "YWRtaW46d2hhdGV2ZXIx");
        assertThat(log).contains("sessionName=****&query=x", "Authorization=Basic ****", "accessKey=****]",
                "{\"access_token\":\"****\",\"token_type\":\"Bearer\"}", "Authorization: Bearer ****");
    }
}
