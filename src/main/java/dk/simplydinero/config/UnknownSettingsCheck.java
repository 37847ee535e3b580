package dk.simplydinero.config;

import org.springframework.beans.BeanUtils;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.stereotype.Component;
import org.springframework.util.ClassUtils;

import java.beans.PropertyDescriptor;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A misspelt key under the service's own prefixes ({@code sync.}, {@code dinero.}, {@code simplycrm.}, {@code sandbox.},
 * {@code console.}, {@code resilience.}, {@code status.}, {@code security.}) would otherwise be ignored silently and
 * its default used: the start stops with one line per unknown key naming the nearest known one.
 * The known keys are the properties of the {@code @ConfigurationProperties} classes with those prefixes (no list to
 * keep up). Runs before any bean is made, so the typo is reported rather than what its default causes.
 * Environment variables are not checked: the environment carries other programs' variables too ({@code SYNC_…}).
 */
@Component
public class UnknownSettingsCheck implements BeanFactoryPostProcessor, EnvironmentAware {

    static final Set<String> CHECKED_PREFIXES = Set.of("sync", "dinero", "simplycrm", "sandbox", "console", "resilience",
            "status", "security");

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Set<String> known = knownKeys(beanFactory);
        List<String> lines = settingsUnderCheckedPrefixes().stream()
                .filter(name -> !isKnown(name, known))
                .map(name -> "Invalid setting " + name + ": no such setting; the nearest known one is "
                        + nearest(name.toString(), known))
                .sorted()
                .toList();
        if (!lines.isEmpty()) {
            throw new InvalidSettingsException(lines);
        }
    }

    /** Every property of the prefixes' {@code @ConfigurationProperties} classes, in settings style (kebab-case). */
    private static Set<String> knownKeys(ConfigurableListableBeanFactory beanFactory) {
        Set<String> known = new TreeSet<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(ConfigurationProperties.class)) {
            ConfigurationProperties annotation = beanFactory.findAnnotationOnBean(name, ConfigurationProperties.class, false);
            Class<?> type = beanFactory.getType(name, false);
            if (annotation == null || type == null
                    || !CHECKED_PREFIXES.contains(annotation.prefix().split("\\.")[0])) {
                continue;
            }
            for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(ClassUtils.getUserClass(type))) {
                if (property.getWriteMethod() != null) {
                    known.add(annotation.prefix() + "." + InvalidSettingFailureAnalyzer.kebab(property.getName()));
                }
            }
        }
        return known;
    }

    private Set<ConfigurationPropertyName> settingsUnderCheckedPrefixes() {
        Set<ConfigurationPropertyName> keys = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
                    || StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(nameOf(source))
                    || !(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream()
                    .filter(name -> !name.isEmpty() && CHECKED_PREFIXES.contains(name.getElement(0, ConfigurationPropertyName.Form.UNIFORM)))
                    .forEach(keys::add);
        }
        return keys;
    }

    private static String nameOf(ConfigurationPropertySource source) {
        return source.getUnderlyingSource() instanceof org.springframework.core.env.PropertySource<?> ps ? ps.getName() : "";
    }

    /** Known, or an element of a known list ({@code sync.modules[0]}); spellings Spring binds alike are alike. */
    private static boolean isKnown(ConfigurationPropertyName name, Set<String> known) {
        return known.stream().map(ConfigurationPropertyName::of)
                .anyMatch(k -> k.equals(name) || (k.isParentOf(name) && name.isLastElementIndexed()));
    }

    static String nearest(String key, Set<String> known) {
        String lower = key.toLowerCase(Locale.ROOT);
        return known.stream().min(Comparator.comparingInt((String k) -> distance(lower, k)).thenComparing(k -> k))
                .orElse("(none)");
    }

    /** Levenshtein distance: the fewest single-character edits from one to the other. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
