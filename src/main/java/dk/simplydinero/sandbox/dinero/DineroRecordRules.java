package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What differs between contacts and products, which otherwise share one life cycle ({@link DineroPlainRecords}):
 * how a request body is validated into stored fields, how a stored record is answered, and the guid's name.
 */
interface DineroRecordRules {

    /** The guid's field in answers ({@code ContactGuid}, {@code ProductGuid}). */
    String guidField();

    /** The fields to store from a create ({@code create}) or full-replace PUT body; 400 (code 42) when invalid. */
    ObjectNode fields(ObjectNode body, boolean create);

    /** The record as a single GET answers it. */
    ObjectNode render(DineroStore.Rec rec);

    /** Drops null fields before storing (a missing field renders as null or ""): keeps 100,000 records small. */
    static ObjectNode compact(ObjectNode f) {
        List<String> nulls = new ArrayList<>();
        f.fields().forEachRemaining(e -> {
            if (e.getValue() == null || e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        f.remove(nulls);
        return f;
    }
}
