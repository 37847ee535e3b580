package dk.simplydinero.api;

import dk.simplydinero.logging.SecretMasking;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the log mask replaces, and what it must leave readable. No Spring: the rules alone. */
class SecretMaskingTest {

    @Test
    void registeredValuesAreMaskedWherever_theyStand() {
        SecretMasking.register("Zq8-registered-secret");
        assertThat(SecretMasking.mask("key Zq8-registered-secret, again:Zq8-registered-secret!"))
                .isEqualTo("key ****, again:****!");
    }

    @Test
    void shortValuesAreNotMaskedByValueSoOrdinaryWordsSurvive() {
        // the sandbox's public demo password is "sandbox": also a package, a setting and a word in log lines
        SecretMasking.register("sandbox");
        assertThat(SecretMasking.mask("dk.simplydinero.sandbox.crm.CrmSimulator: sandbox.enabled=true"))
                .isEqualTo("dk.simplydinero.sandbox.crm.CrmSimulator: sandbox.enabled=true");
    }

    @Test
    void secretParametersInUrlsAndFormBodiesAreMasked() {
        assertThat(SecretMasking.mask("GET https://crm.example/webservice.php?operation=query&sessionName=5f3a9c1e77&query=x"))
                .isEqualTo("GET https://crm.example/webservice.php?operation=query&sessionName=****&query=x");
        assertThat(SecretMasking.mask("POST operation=login&username=admin&accessKey=0cc175b9c0f1b6a831c399e269772661"))
                .isEqualTo("POST operation=login&username=admin&accessKey=****");
        assertThat(SecretMasking.mask("grant_type=password&scope=read write&username=key1&password=key2&client_secret=s3"))
                .isEqualTo("grant_type=password&scope=read write&username=key1&password=****&client_secret=****");
        assertThat(SecretMasking.mask("https://x/cb#access_token=abc123&refresh_token=def456"))
                .isEqualTo("https://x/cb#access_token=****&refresh_token=****");
        assertThat(SecretMasking.mask("--dinero.api-key=abc --simplycrm.access-key=def spring.security.user.password=ghi"))
                .isEqualTo("--dinero.api-key=**** --simplycrm.access-key=**** spring.security.user.password=****");
    }

    @Test
    void secretFieldsInJsonBodiesAreMasked() {
        assertThat(SecretMasking.mask("{\"access_token\":\"9f86d081884c7d65\",\"token_type\":\"Bearer\",\"expires_in\":3600}"))
                .isEqualTo("{\"access_token\":\"****\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        assertThat(SecretMasking.mask("{\"success\":true,\"result\":{\"sessionName\": \"1a2b3c\",\"userId\":\"19x1\"}}"))
                .isEqualTo("{\"success\":true,\"result\":{\"sessionName\": \"****\",\"userId\":\"19x1\"}}");
    }

    @Test
    void authorizationHeadersAreMaskedInEveryShape() {
        assertThat(SecretMasking.mask("Authorization: Bearer eyJhbGciOi.J9abc.def"))
                .isEqualTo("Authorization: Bearer ****");
        assertThat(SecretMasking.mask("headers={Accept=application/json, Authorization=Basic YWRtaW46c2FuZGJveA==}"))
                .isEqualTo("headers={Accept=application/json, Authorization=Basic ****}");
        assertThat(SecretMasking.mask("\"authorization\": \"Bearer 0123456789abcdef\""))
                .isEqualTo("\"authorization\": \"Bearer ****\"");
        assertThat(SecretMasking.mask("sent with Bearer 0123456789abcdef0123 to the API"))
                .isEqualTo("sent with Bearer **** to the API");
    }

    @Test
    void ordinaryTextStaysReadable() {
        for (String line : new String[] {
                "Invalid setting spring.security.user.password: must be set (not empty) when sandbox.enabled=false",
                "Invalid setting dinero.api-key=(hidden): must not be blank",
                "HTTP Basic authentication on /api/**; Bearer tokens for Dinero",
                "Simply CRM session ended (INVALID_SESSIONID) during query; logging in again",
                "Dinero token obtained for client SimplyDineroSyncDemo (expires in 3600 s)",
                "the login answer has no sessionName"}) {
            assertThat(SecretMasking.mask(line)).isEqualTo(line);
        }
    }
}
