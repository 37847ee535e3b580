package dk.simplydinero.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service JVM's GC log ({@code -Xlog:gc:file=…}), read for the heap left after each collection. Chosen over JMX or
 * jcmd polling because the JVM itself writes every collection, so no peak between two polls is missed, nothing
 * attaches to the process, and the log stays for a look afterwards.
 */
final class GcLog {

    /** {@code 24M->6M(256M)}: heap before, after, and committed, in the unit the JVM chose. */
    private static final Pattern HEAP = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");

    /**
     * G1's concurrent cycle pauses: they evacuate nothing, so their figure is the heap at that moment, young objects
     * made since the last collection included, not what a collection left.
     */
    private static final Pattern CONCURRENT_CYCLE = Pattern.compile("Pause (Remark|Cleanup)\\b");

    private GcLog() {
    }

    /** The highest heap after a collection in these lines, in bytes; 0 when no collection happened. */
    static long peakAfterGc(List<String> lines) {
        long peak = 0;
        for (String line : lines) {
            Matcher m = HEAP.matcher(line);
            if (m.find() && !CONCURRENT_CYCLE.matcher(line).find()) {
                peak = Math.max(peak, bytes(Long.parseLong(m.group(3)), m.group(4)));
            }
        }
        return peak;
    }

    private static long bytes(long value, String unit) {
        return switch (unit) {
            case "K" -> value << 10;
            case "M" -> value << 20;
            default -> value << 30;
        };
    }
}
