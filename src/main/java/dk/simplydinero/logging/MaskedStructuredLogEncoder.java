package dk.simplydinero.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Spring Boot's structured (JSON) log lines ({@code logging.structured.format.console=ecs} or {@code logstash}) with
 * the same secret masking as the pattern lines ({@link SecretMasking}): {@code ****} is JSON-safe, so each line still
 * parses. Used by {@code logback-spring.xml} when a structured format is set.
 */
public class MaskedStructuredLogEncoder extends StructuredLogEncoder {

    private Charset charset = StandardCharsets.UTF_8;

    @Override
    public void setCharset(Charset charset) {
        super.setCharset(charset);
        this.charset = charset;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        return SecretMasking.mask(new String(super.encode(event), charset)).getBytes(charset);
    }
}
