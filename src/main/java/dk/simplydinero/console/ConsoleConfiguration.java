package dk.simplydinero.console;

import dk.simplydinero.model.SideReason;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.i18n.SessionLocaleResolver;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The console's languages: Danish or English, first by the browser's {@code Accept-Language}, then as chosen with
 * {@code ?lang=da} / {@code ?lang=en} (kept in the session). Texts in {@code console/messages_*.properties}, a side's
 * reason in {@link SideReason#BUNDLE}.
 */
@Configuration
public class ConsoleConfiguration implements WebMvcConfigurer {

    static final Locale DANISH = Locale.forLanguageTag("da");
    static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, DANISH);

    @Bean
    LocaleResolver localeResolver() {
        SessionLocaleResolver resolver = new SessionLocaleResolver();
        resolver.setDefaultLocaleFunction(ConsoleConfiguration::fromBrowser);
        return resolver;
    }

    /** The first of the browser's languages the console has; English otherwise. */
    static Locale fromBrowser(HttpServletRequest request) {
        for (Locale wanted : Collections.list(request.getLocales())) {
            for (Locale language : LANGUAGES) {
                if (language.getLanguage().equals(wanted.getLanguage())) {
                    return language;
                }
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
    }

    /** English is the fallback for a key or language missing; the machine's own locale plays no part. */
    @Bean
    MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("console/messages", SideReason.BUNDLE);
        messages.setDefaultEncoding("UTF-8");
        messages.setDefaultLocale(Locale.ENGLISH);
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
