package dk.simplydinero.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.logging.logback.StructuredLogEncoder;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Spring Boot's structured (JSON) log lines ({@code logging.structured.format.console=ecs} or {@code logstash}) with
 * the same secret masking as the pattern lines ({@link SecretMasking}). The message is masked before it is written
 * as JSON: afterwards a secret is escaped ({@code "} → {@code \"}) and no longer found, and a pattern could take an
 * escape character along and break the line. What else reaches the line (a stack trace's messages) is masked by
 * value after encoding, which leaves the JSON intact ({@code ****} needs no escape). Used by
 * {@code logback-spring.xml} when a structured format is set.
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
        return SecretMasking.maskValues(new String(super.encode(masked(event)), charset)).getBytes(charset);
    }

    /** The event as it is, but for its message, masked. */
    static ILoggingEvent masked(ILoggingEvent event) {
        String message = SecretMasking.mask(event.getFormattedMessage());
        return (ILoggingEvent) Proxy.newProxyInstance(ILoggingEvent.class.getClassLoader(),
                new Class<?>[] {ILoggingEvent.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getFormattedMessage", "getMessage":
                            if (method.getParameterCount() == 0) {
                                return message;
                            }
                            break;
                        case "getArgumentArray":
                            if (method.getParameterCount() == 0) {
                                return null; // the message is already formatted
                            }
                            break;
                        default:
                            break;
                    }
                    try {
                        return method.invoke(event, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
