package dk.simplydinero.console;

import dk.simplydinero.model.SideReason;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every reason a side's status can give ({@link SideReason}) has its text in both of the console's languages, with the
 * same parameters, so no page shows a {@code ??key??} or an English sentence on a Danish page; and the contract of
 * {@code GET /api/status} lists exactly these codes.
 */
class ReasonTextsTest {

    private static final Pattern PARAMETER = Pattern.compile("\\{(\\d+)}");

    @Test
    void everyReasonHasADanishAndAnEnglishTextWithTheSameParameters() throws IOException {
        Properties english = bundle("en");
        Properties danish = bundle("da");
        MessageSource messages = new ConsoleConfiguration().messageSource();
        Object[] args = {"p0", "p1", "p2", "p3"};
        for (SideReason reason : SideReason.values()) {
            String key = reason.key();
            assertThat(english.getProperty(key)).as(key + " in SideReason_en").isNotBlank();
            assertThat(danish.getProperty(key)).as(key + " in SideReason_da").isNotBlank();
            assertThat(danish.getProperty(key)).as(key + " is translated").isNotEqualTo(english.getProperty(key));
            assertThat(parameters(danish.getProperty(key))).as(key + ": the same parameters in both languages")
                    .isEqualTo(parameters(english.getProperty(key)));
            for (String text : List.of(english.getProperty(key), danish.getProperty(key))) {
                assertThat(new MessageFormat(text).format(args)).as(key).doesNotContain("{").doesNotContain("??");
            }
            // as the console renders it: from the Danish bundle itself, not English's fallback
            assertThat(messages.getMessage(key, args, ConsoleConfiguration.DANISH)).as(key)
                    .isEqualTo(new MessageFormat(danish.getProperty(key)).format(args));
        }
    }

    @Test
    void theStatusContractListsEveryCode() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/openapi/api.yaml")) {
            Map<String, Object> contract = new Yaml().load(in);
            Object codes = at(contract, "components", "schemas", "Side", "properties", "code", "enum");
            assertThat(new TreeSet<Object>((List<?>) codes)).isEqualTo(new TreeSet<Object>(Arrays.stream(SideReason.values())
                    .map(Enum::name).toList()));
        }
    }

    private static Set<String> parameters(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PARAMETER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object node = map;
        for (String step : path) {
            node = ((Map<String, Object>) node).get(step);
        }
        return node;
    }

    private static Properties bundle(String language) throws IOException {
        Properties texts = new Properties();
        try (InputStream in = ReasonTextsTest.class.getResourceAsStream("/dk/simplydinero/model/SideReason_" + language + ".properties")) {
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
