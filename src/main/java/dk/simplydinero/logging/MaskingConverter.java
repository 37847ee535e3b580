package dk.simplydinero.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * {@code %masked(…)} in a logback pattern: the whole line the inner pattern made (message, stack trace, MDC,
 * logger name) with secrets masked by {@link SecretMasking}. Registered in {@code logback-spring.xml}.
 */
public class MaskingConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return SecretMasking.mask(in);
    }
}
