package dk.simplydinero.status;

import dk.simplydinero.model.SideState;
import dk.simplydinero.model.SideStatus;

/**
 * One cheap real call to a side on the session or token the client holds; its outcome reaches the side's
 * {@link SideState} like every call's.
 */
@FunctionalInterface
public interface ConnectionCheck {

    /** The verdict, or null when the check was put off without sending anything (e.g. Dinero's budget is in use). */
    SideStatus check();
}
