package dk.simplydinero.model;

/**
 * A request that cannot be served as asked, raised by the step that finds it (a REST bean or a sync step acting for
 * one): the api package answers it with {@code status} and a JSON error naming what is wrong.
 */
public class ApiProblem extends RuntimeException {

    private final int status;

    public ApiProblem(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
