package dk.simplydinero.console;

import dk.simplydinero.sync.Eta;
import org.springframework.context.MessageSource;

import java.time.Duration;
import java.util.Locale;

/**
 * A module's time left in the reader's words, with why: "Dinero allows 90 requests a minute: about 25 min left" or
 * "At the measured rate: about 40 s left" (Danish likewise).
 */
final class TimeLeft {

    private TimeLeft() {
    }

    /** Null when there is no estimate ({@code seconds} or {@code limitedBy} null). */
    static String words(MessageSource messages, Locale locale, Number seconds, Object limitedBy, int budget,
                        Duration window) {
        if (seconds == null || limitedBy == null) {
            return null;
        }
        String left = duration(messages, locale, seconds.longValue());
        if (Eta.Bound.DINERO_BUDGET.key().equals(limitedBy)) {
            String per = window.equals(Duration.ofMinutes(1))
                    ? messages.getMessage("sync.eta.window.minute", null, locale)
                    : messages.getMessage("sync.eta.window.other", new Object[]{Long.toString(window.toSeconds())}, locale);
            return messages.getMessage("sync.eta.budget", new Object[]{Integer.toString(budget), per, left}, locale);
        }
        return messages.getMessage("sync.eta.rate", new Object[]{left}, locale);
    }

    /** Seconds under a minute, else whole minutes (rounded up: "about 45 min" for 44 min 14 s), hours from 60 min on. */
    static String duration(MessageSource messages, Locale locale, long seconds) {
        if (seconds < 60) {
            return messages.getMessage("time.seconds", new Object[]{Long.toString(seconds)}, locale);
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 60) {
            return messages.getMessage("time.minutes", new Object[]{Long.toString(minutes)}, locale);
        }
        return messages.getMessage("time.hours", new Object[]{Long.toString(minutes / 60), Long.toString(minutes % 60)},
                locale);
    }
}
