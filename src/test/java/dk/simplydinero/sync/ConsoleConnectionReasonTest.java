package dk.simplydinero.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dk.simplydinero.api.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dinero refuses the API key: the console's Connection page gives the reason in the user's language (Danish by
 * {@code ?lang=da}, English by default), and {@code GET /api/status} keeps its English reason and adds its code.
 */
@SimulatedService(properties = {"sandbox.sync-at-start=false", "dinero.api-key=not-the-key-4711",
        "spring.security.user.password=Operator-Pw-2b90"})
class ConsoleConnectionReasonTest {

    @Autowired
    Environment env;

    @Test
    void aRefusedDineroKeyIsExplainedInDanishAndEnglish(ApiClient api) throws Exception {
        ConsoleTest.Browser browser = new ConsoleTest.Browser(api);
        browser.login("admin", env.getRequiredProperty("spring.security.user.password"));

        String danish = dineroSide(browser.get("/?lang=da").body());
        assertThat(danish).contains("Dinero-API-nøglen blev afvist (invalid_grant) — opret en ny under Integrationer"
                + " → Dine API-nøgler i Dinero, og sæt den i dinero.api-key.");
        // When it was checked, in the page's language too (the check ran just now).
        assertThat(danish).containsPattern("\\(tjekket \\d+ (s|min) siden\\)").doesNotContain(" ago");
        String english = dineroSide(browser.get("/?lang=en").body());
        assertThat(english).contains("Wrong API key: Dinero refused the API key (invalid_grant). Check dinero.api-key"
                + " (Dinero → Indstillinger → Integrationer).");
        assertThat(english).containsPattern("\\(checked \\d+ (s|min) ago\\)");

        JsonNode status = api.get("/api/status").json();
        assertThat(status.at("/dinero/status").asText()).isEqualTo("red");
        assertThat(status.at("/dinero/message").asText()).isEqualTo("Wrong API key: Dinero refused the API key"
                + " (invalid_grant). Check dinero.api-key (Dinero → Indstillinger → Integrationer).");
        assertThat(status.at("/dinero/code").asText()).isEqualTo("DINERO_KEY_REFUSED");
        assertThat(status.at("/crm/code").asText()).isEqualTo("CRM_LOGGED_IN");
    }

    private static String dineroSide(String page) {
        Matcher side = Pattern.compile("<section[^>]*id=\"side-dinero\".*?</section>", Pattern.DOTALL).matcher(page);
        assertThat(side.find()).as("the Dinero side on " + page).isTrue();
        return side.group();
    }
}
