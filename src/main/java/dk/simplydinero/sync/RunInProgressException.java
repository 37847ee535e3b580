package dk.simplydinero.sync;

/** A run was asked for while another one is going; answered 409 with the running run's id. */
public class RunInProgressException extends RuntimeException {

    private final long runningId;

    public RunInProgressException(long runningId) {
        super("A sync run is in progress (run " + runningId + "); try again when it has ended.");
        this.runningId = runningId;
    }

    public long runningId() {
        return runningId;
    }
}
