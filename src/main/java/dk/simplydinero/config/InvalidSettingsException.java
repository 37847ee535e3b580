package dk.simplydinero.config;

import java.util.List;

/**
 * Several wrong settings found at once (unknown keys, shipped values outside the sandbox); stops the start with one
 * line per setting (InvalidSettingFailureAnalyzer). The message itself is one line, as Spring logs it once more while
 * cancelling the start.
 */
public class InvalidSettingsException extends RuntimeException {

    private final List<String> lines;

    public InvalidSettingsException(List<String> lines) {
        super(String.join("; ", lines));
        this.lines = List.copyOf(lines);
    }

    /** One "Invalid setting …" line per setting. */
    public List<String> lines() {
        return lines;
    }
}
