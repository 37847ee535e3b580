package dk.simplydinero.sandbox.dinero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dk.simplydinero.sandbox.dinero.DineroAnswers.NODES;

/**
 * Dinero's product: the fields it accepts and checks (required amounts and account, a unit from Dinero's list,
 * length limits) and how it is answered (with its price including VAT).
 */
final class DineroProducts implements DineroRecordRules {

    static final List<String> PRODUCT_FIELDS = List.of("ProductNumber", "Name", "BaseAmountValue", "Quantity",
            "AccountNumber", "Unit", "ExternalReference", "Comment");
    static final Set<String> UNITS = Set.of("hours", "parts", "km", "day", "week", "month", "kilogram",
            "cubicMetre", "set", "litre", "box", "case", "carton", "metre", "package", "shipment", "squareMetre",
            "session", "tonne");

    private final DineroRendering rendering;

    DineroProducts(DineroRendering rendering) {
        this.rendering = rendering;
    }

    @Override
    public String guidField() {
        return "ProductGuid";
    }

    /** Products have no create-only defaults, so {@code create} changes nothing. */
    @Override
    public ObjectNode fields(ObjectNode body, boolean create) {
        DineroValidator v = new DineroValidator();
        ObjectNode f = NODES.objectNode();
        for (String name : List.of("ProductNumber", "Name", "Unit", "ExternalReference", "Comment")) {
            f.set(name, v.text(body, name));
        }
        f.set("BaseAmountValue", v.decimal(body, "BaseAmountValue"));
        f.set("Quantity", v.decimal(body, "Quantity"));
        f.set("AccountNumber", v.integer(body, "AccountNumber"));
        v.required(f, "AccountNumber", "BaseAmountValue", "Quantity", "Unit");
        v.maxLength(f, "ExternalReference", 128);
        v.maxLength(f, "Comment", 128);
        v.oneOf(f, "Unit", UNITS, "The Unit '{}' is not valid. Valid units: " + String.join(", ", new TreeSet<>(UNITS)));
        v.throwIfAny();
        return DineroRecordRules.compact(f);
    }

    @Override
    public ObjectNode render(DineroStore.Rec rec) {
        ObjectNode o = NODES.objectNode();
        o.put("ProductGuid", rec.guid);
        ObjectNode f = rec.fields();
        for (String name : PRODUCT_FIELDS) {
            o.set(name, DineroRendering.empty(name, f.get(name)));
        }
        JsonNode base = f.get("BaseAmountValue");
        if (base != null && base.isNumber()) {
            o.put("BaseAmountValueInclVat", DineroAmounts.plain(base.decimalValue().add(DineroAmounts.vat(base.decimalValue()))));
        } else {
            o.putNull("BaseAmountValueInclVat");
        }
        rendering.dates(o, rec);
        return o;
    }
}
