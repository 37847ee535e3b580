package dk.simplydinero.status;

/** A real round trip to one side: log in (fresh session or token) and read one thing. */
@FunctionalInterface
public interface ConnectionCheck {

    SideStatus check();
}
