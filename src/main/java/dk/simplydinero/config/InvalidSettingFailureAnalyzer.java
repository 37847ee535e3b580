package dk.simplydinero.config;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Turns a settings binding or validation failure into one line per bad key, naming the key and what is
 * allowed, instead of Spring's multi-line report. Runs before Spring Boot's own analyzers.
 * Values of secret keys are never echoed.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InvalidSettingFailureAnalyzer implements FailureAnalyzer {

    static final String ACTION =
            "Fix the setting in application.properties, as an environment variable or as --key=value.";

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        InvalidSettingException combination = findCause(failure, InvalidSettingException.class);
        if (combination != null) {
            return new FailureAnalysis(combination.getMessage(), ACTION, failure);
        }
        InvalidSettingsException several = findCause(failure, InvalidSettingsException.class);
        if (several != null) {
            return new FailureAnalysis(String.join(System.lineSeparator(), several.lines()), ACTION, failure);
        }
        BindValidationException validation = findCause(failure, BindValidationException.class);
        if (validation != null) {
            String lines = validation.getValidationErrors().getAllErrors().stream()
                    .map(error -> describe(validation.getValidationErrors().getName().toString(), error))
                    .collect(Collectors.joining(System.lineSeparator()));
            return new FailureAnalysis(lines, ACTION, failure);
        }
        BindException bind = findCause(failure, BindException.class);
        if (bind != null) {
            return new FailureAnalysis(describe(bind), ACTION, failure);
        }
        return null;
    }

    private static String describe(String prefix, ObjectError error) {
        if (error instanceof FieldError field) {
            String key = prefix + "." + kebab(field.getField());
            return "Invalid setting " + key + "=" + shown(key, field.getRejectedValue()) + ": "
                    + field.getDefaultMessage();
        }
        return "Invalid settings " + prefix + ": " + error.getDefaultMessage();
    }

    private static String describe(BindException bind) {
        ConfigurationProperty property = bind.getProperty();
        String key = property != null ? property.getName().toString() : bind.getName().toString();
        Object value = property != null ? property.getValue() : null;
        String allowed = allowedValues(bind.getTarget().getType());
        String reason = allowed != null ? "allowed values are " + allowed : expected(bind.getTarget().getType());
        return "Invalid setting " + key + "=" + shown(key, value) + ": " + reason;
    }

    /** For an enum, or a collection of one, the accepted spellings in settings style (kebab-case). */
    static String allowedValues(ResolvableType type) {
        Class<?> raw = type.resolve();
        if (raw != null && Collection.class.isAssignableFrom(raw)) {
            raw = type.asCollection().getGeneric(0).resolve();
            if (raw != null && raw.isEnum()) {
                return "a comma-separated list of " + enumValues(raw);
            }
            return null;
        }
        return raw != null && raw.isEnum() ? enumValues(raw) : null;
    }

    private static String enumValues(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(c -> SettingValues.of((Enum<?>) c))
                .collect(Collectors.joining(", "));
    }

    private static String expected(ResolvableType type) {
        Class<?> raw = type.resolve();
        if (raw == null) {
            return "cannot be read";
        }
        if (Number.class.isAssignableFrom(raw) || (raw.isPrimitive() && raw != boolean.class)) {
            return "must be a number";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "must be true or false";
        }
        if (raw == java.time.Duration.class) {
            return "must be a duration such as 30s, 5m or PT1M";
        }
        return "cannot be read as " + raw.getSimpleName();
    }

    private static final List<String> SECRET_WORDS = List.of("key", "secret", "password", "token");

    /** The value as typed, except for secrets (never echoed, not even a wrong one). */
    static String shown(String key, Object value) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (SECRET_WORDS.stream().anyMatch(lower::contains)) {
            return "(hidden)";
        }
        return "'" + value + "'";
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
