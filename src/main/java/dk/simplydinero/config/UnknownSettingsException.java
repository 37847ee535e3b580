package dk.simplydinero.config;

import java.util.List;

/**
 * Settings keys nobody reads; stops the start with one line per key (InvalidSettingFailureAnalyzer). The message
 * itself is one line, as Spring logs it once more while cancelling the start.
 */
public class UnknownSettingsException extends RuntimeException {

    private final List<String> lines;

    public UnknownSettingsException(List<String> lines) {
        super(lines.size() + " unknown setting(s): " + String.join("; ", lines));
        this.lines = List.copyOf(lines);
    }

    /** One "Invalid setting …" line per unknown key. */
    public List<String> lines() {
        return lines;
    }
}
