package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.simplydinero.sandbox.SimRequest;
import dk.simplydinero.sandbox.SimResponse;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;
import static dk.simplydinero.sandbox.dinero.DineroSimulator.CONTACTS;

/**
 * The life cycle contacts and products share (invoices have their own, {@link DineroInvoices}): create with a small
 * answer, PUT that replaces the whole record, soft delete, and restore (contacts only).
 */
final class DineroPlainRecords {

    private final DineroStore store;

    DineroPlainRecords(DineroStore store) {
        this.store = store;
    }

    SimResponse create(DineroStore.Org org, String type, DineroRecordRules rules, SimRequest r) {
        ObjectNode fields = rules.fields(DineroValidator.body(r), true);
        DineroStore.Rec rec = store.insert(org, type, fields, null);
        ObjectNode answer = NODES.objectNode();
        answer.put(rules.guidField(), rec.guid);
        return DineroAnswers.json(201, answer);
    }

    /** PUT replaces the whole record: fields left out of the body are cleared. */
    SimResponse update(DineroStore.Org org, String type, DineroRecordRules rules, String guid, SimRequest r) {
        DineroStore.Rec rec = DineroStore.live(org, type, guid);
        ObjectNode body = DineroValidator.body(r);
        rec.fields(rules.fields(body, false));
        rec.updatedAt = store.now();
        return SimResponse.empty(200);
    }

    SimResponse delete(DineroStore.Org org, String type, String guid) {
        store.markDeleted(DineroStore.live(org, type, guid));
        return SimResponse.empty(200);
    }

    SimResponse restoreContact(DineroStore.Org org, String guid) {
        DineroStore.Rec rec = DineroStore.table(org, CONTACTS).get(guid);
        if (rec == null) {
            return DineroAnswers.html404();
        }
        rec.deletedAt = null;
        rec.updatedAt = store.now();
        return SimResponse.empty(200);
    }
}
