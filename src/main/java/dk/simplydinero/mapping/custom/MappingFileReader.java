package dk.simplydinero.mapping.custom;

import dk.simplydinero.model.DineroResource;
import dk.simplydinero.mapping.RecordTypes;
import dk.simplydinero.model.SyncModule;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates a custom mapping file (format: {@code mapping.example.yaml} at the repository root). Every
 * problem stops with a {@link MappingFileException} of one line: file, line, place and problem. CRM field names are
 * only checked for their form here; {@link CustomMapping#checkCrmFields} checks them against the CRM's describe.
 */
public final class MappingFileReader {

    private static final Pattern CRM_FIELD = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final List<String> RULE_KEYS = List.of("dinero", "crm", "constant", "drop", "conversion");

    private MappingFileReader() {
    }

    /**
     * Reads and validates the file (syntax, structure, modules, directions, Dinero fields, conversions, required
     * fields).
     *
     * @param types the record types: the CRM fields each requires, which dinero-to-crm cannot drop
     */
    public static CustomMapping read(Path file, RecordTypes types) throws MappingFileException {
        if (file == null) {
            throw new MappingFileException("sync.mapping-file is not set (sync.mapping=custom needs it)");
        }
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MappingFileException(name + ": no such file (sync.mapping=custom needs it)", e);
        } catch (MalformedInputException e) {
            throw new MappingFileException(name + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new MappingFileException(name + ": cannot be read (" + e + ")", e);
        }
        return new Parser(name, types).parse(text);
    }

    /** The same for text, {@code fileName} naming it in messages. */
    static CustomMapping parse(String fileName, String yaml, RecordTypes types) {
        return new Parser(fileName, types).parse(yaml);
    }

    private static final class Parser {
        private final String file;
        private final RecordTypes types;

        Parser(String file, RecordTypes types) {
            this.file = file;
            this.types = types;
        }

        CustomMapping parse(String text) {
            Node root;
            try {
                root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
            } catch (MarkedYAMLException e) {
                Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
                String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
                String at = mark == null ? "" : " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
                throw new MappingFileException(file + at + ": not valid YAML: " + problem, e);
            } catch (YAMLException e) {
                throw new MappingFileException(file + ": not valid YAML: " + e.getMessage(), e);
            }
            Map<SyncModule, Map<Direction, List<FieldRule>>> rules = new EnumMap<>(SyncModule.class);
            if (root == null || isNull(root)) {
                return new CustomMapping(file, rules);
            }
            if (!(root instanceof MappingNode top)) {
                throw fail(root, "the file must map modules (" + modules() + ") to their rules");
            }
            Map<String, Node> seenModules = new LinkedHashMap<>();
            for (NodeTuple t : top.getValue()) {
                String key = key(t.getKeyNode(), "a module name", seenModules, "");
                SyncModule module = SyncModule.byKey(key)
                        .orElseThrow(() -> fail(t.getKeyNode(), "unknown module '" + key + "' (modules: " + modules() + ")"));
                Node value = t.getValueNode();
                if (isNull(value)) {
                    continue;
                }
                if (!(value instanceof MappingNode directions)) {
                    throw fail(value, key + ": must map directions (crm-to-dinero, dinero-to-crm) to lists of rules");
                }
                Map<String, Node> seenDirections = new LinkedHashMap<>();
                for (NodeTuple d : directions.getValue()) {
                    String dKey = key(d.getKeyNode(), "a direction", seenDirections, key + ": ");
                    Direction direction = Direction.byKey(dKey).orElseThrow(() -> fail(d.getKeyNode(),
                            key + ": unknown direction '" + dKey + "' (directions: crm-to-dinero, dinero-to-crm)"));
                    List<FieldRule> list = rules(module, direction, d.getValueNode());
                    if (!list.isEmpty()) {
                        rules.computeIfAbsent(module, m -> new EnumMap<>(Direction.class)).put(direction, list);
                    }
                }
            }
            return new CustomMapping(file, rules);
        }

        private List<FieldRule> rules(SyncModule module, Direction direction, Node value) {
            String where = module.key() + "." + direction.key();
            List<FieldRule> out = new ArrayList<>();
            if (isNull(value)) {
                return out;
            }
            if (!(value instanceof SequenceNode list)) {
                throw fail(value, where + ": must be a list of rules (each starting with '- ')");
            }
            Map<String, Node> targets = new LinkedHashMap<>();
            List<Node> items = list.getValue();
            for (int i = 0; i < items.size(); i++) {
                out.add(rule(module, direction, where + "[" + (i + 1) + "]", items.get(i), targets));
            }
            return out;
        }

        private FieldRule rule(SyncModule module, Direction direction, String where, Node node,
                               Map<String, Node> targets) {
            boolean toDinero = direction == Direction.CRM_TO_DINERO;
            String targetKey = toDinero ? "dinero" : "crm";
            String sourceKey = toDinero ? "crm" : "dinero";
            String targetSide = toDinero ? "Dinero" : "CRM";
            String sourceSide = toDinero ? "CRM" : "Dinero";
            if (!(node instanceof MappingNode map)) {
                throw fail(node, where + ": a rule must be a map such as "
                        + (toDinero ? "{dinero: Name, crm: accountname}" : "{crm: accountname, dinero: Name}"));
            }
            Map<String, Node> keys = new LinkedHashMap<>();
            Map<String, Node> keyNodes = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                String key = key(t.getKeyNode(), "a key", keyNodes, where + ": ");
                if (!RULE_KEYS.contains(key)) {
                    throw fail(t.getKeyNode(), where + ": unknown key '" + key + "' (keys: "
                            + String.join(", ", RULE_KEYS) + ")");
                }
                keys.put(key, t.getValueNode());
            }
            Node targetNode = keys.get(targetKey);
            if (targetNode == null) {
                throw fail(node, where + ": the rule names no " + targetSide + " field: in " + direction.key()
                        + " '" + targetKey + ":' is the field it sets");
            }
            String target = fieldName(targetNode, where, targetKey);
            List<String> present = new ArrayList<>();
            for (String k : List.of(sourceKey, "constant", "drop")) {
                if (keys.containsKey(k)) {
                    present.add(k);
                }
            }
            if (present.isEmpty()) {
                throw fail(node, where + ": '" + target + "' needs one of " + sourceKey + " (the " + sourceSide
                        + " field it comes from), constant or drop");
            }
            if (present.size() > 1) {
                throw fail(node, where + ": '" + target + "' has " + String.join(" and ", present)
                        + ": give only one of " + sourceKey + ", constant or drop");
            }
            Node conversionNode = keys.get("conversion");
            if (conversionNode != null && !keys.containsKey(sourceKey)) {
                throw fail(conversionNode, where + ": conversion applies to " + sourceKey + " fields, not to "
                        + (keys.containsKey("drop") ? "a drop" : "a constant"));
            }

            // The target field.
            if (toDinero) {
                checkDineroField(module, targetNode, where, target, true);
                String refused = refusedDineroTarget(module, target);
                if (refused != null) {
                    throw fail(targetNode, where + ": " + refused);
                }
            } else {
                String refused = refusedCrmTarget(module, target);
                if (refused != null) {
                    throw fail(targetNode, where + ": " + refused);
                }
                checkCrmName(targetNode, where, target);
            }
            Node earlier = targets.putIfAbsent(target, targetNode);
            if (earlier != null) {
                throw fail(targetNode, where + ": '" + target + "' is already set by the rule at line " + line(earlier));
            }

            String place = file + " line " + line(node);
            if (keys.containsKey("drop")) {
                Node drop = keys.get("drop");
                if (!(drop instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag()) || !isTrue(s.getValue())) {
                    throw fail(drop, where + ": drop can only be true (leave the rule out to keep the default)");
                }
                if (toDinero && DineroFields.isRequired(module.dineroResource(), target)) {
                    throw fail(drop, where + ": Dinero requires " + target + " on " + module.dineroResource().path()
                            + ": it cannot be dropped");
                }
                if (!toDinero && types.of(module).crmMandatory().contains(target)) {
                    throw fail(drop, where + ": the CRM requires '" + target + "' on " + module.crmModule()
                            + ": it cannot be dropped");
                }
                return new FieldRule(target, List.of(), null, true, null, place);
            }
            if (keys.containsKey("constant")) {
                return new FieldRule(target, List.of(), constant(keys.get("constant"), where), false, null, place);
            }

            // Sources.
            Node sourceNode = keys.get(sourceKey);
            List<String> sources = new ArrayList<>();
            if (sourceNode instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    sources.add(fieldName(item, where, sourceKey));
                }
                if (sources.isEmpty()) {
                    throw fail(sourceNode, where + ": " + sourceKey + ": [] names no field");
                }
            } else {
                sources.add(fieldName(sourceNode, where, sourceKey));
            }
            for (String source : sources) {
                String fixed = types.of(module).fixedSources(direction).get(source);
                if (toDinero) {
                    if (fixed != null) {
                        throw fail(sourceNode, where + ": " + fixed);
                    }
                    checkCrmName(sourceNode, where, source);
                } else {
                    checkDineroField(module, sourceNode, where, source, false);
                    if (fixed != null) {
                        throw fail(sourceNode, where + ": " + fixed);
                    }
                }
            }
            Conversion conversion;
            if (conversionNode != null) {
                String key = scalarText(conversionNode);
                conversion = key == null ? null : Conversion.byKey(key).orElse(null);
                if (conversion == null) {
                    throw fail(conversionNode, where + ": unknown conversion '" + (key == null ? "" : key)
                            + "' (conversions: " + Conversion.known() + ")");
                }
            } else if (sources.size() > 1) {
                throw fail(sourceNode, where + ": " + sources.size() + " " + sourceSide
                        + " fields need conversion: join (the other conversions take one field)");
            } else {
                conversion = DineroFields.defaultConversion(toDinero ? target : sources.get(0));
            }
            if (conversion == Conversion.JOIN && sources.size() < 2) {
                throw fail(conversionNode, where + ": conversion join needs two or more " + sourceSide + " fields");
            }
            if (conversion != Conversion.JOIN && sources.size() > 1) {
                throw fail(conversionNode, where + ": conversion " + conversion.key() + " takes one " + sourceSide
                        + " field, not " + sources.size() + " (only join takes more)");
            }
            return new FieldRule(target, sources, null, false, conversion, place);
        }

        private void checkDineroField(SyncModule module, Node node, String where, String field, boolean target) {
            DineroResource resource = module.dineroResource();
            List<String> known = target ? DineroFields.writable(resource) : DineroFields.readable(resource);
            if (!known.contains(field)) {
                String similar = DineroFields.readable(resource).contains(field)
                        ? "'" + field + "' is read-only in Dinero"
                        : "unknown Dinero field '" + field + "'";
                throw fail(node, where + ": " + similar + " (Dinero " + resource.path() + " have "
                        + String.join(", ", known) + ")");
            }
        }

        private void checkCrmName(Node node, String where, String field) {
            if (!CRM_FIELD.matcher(field).matches()) {
                throw fail(node, where + ": '" + field + "' is not a CRM field name (lower-case letters, digits"
                        + " and _, e.g. cf_901)");
            }
        }

        private String refusedDineroTarget(SyncModule module, String field) {
            if (field.equals("ExternalReference")) {
                return "ExternalReference links the Dinero record to its CRM record and cannot be mapped";
            }
            if (field.equals("IsPerson")) {
                return "IsPerson tells organizations (false) from contacts (true) and cannot be mapped";
            }
            return types.of(module).fixedTargets(Direction.CRM_TO_DINERO).get(field);
        }

        /** Fields vtiger fills itself: the webservice ignores what is sent for them. */
        private static final java.util.Set<String> CRM_SETS_ITSELF = java.util.Set.of("account_no", "contact_no",
                "product_no", "invoice_no", "createdtime", "modifiedtime", "modifiedby");

        private String refusedCrmTarget(SyncModule module, String field) {
            if (field.equals("id")) {
                return "'id' is the CRM record's id and cannot be mapped";
            }
            if (CRM_SETS_ITSELF.contains(field)) {
                return "'" + field + "' is set by the CRM itself (an auto number or a time) and cannot be written";
            }
            return types.of(module).fixedTargets(Direction.DINERO_TO_CRM).get(field);
        }

        private Object constant(Node node, String where) {
            if (!(node instanceof ScalarNode s) || Tag.NULL.equals(s.getTag())) {
                throw fail(node, where + ": a constant must be one value (text, number or true/false)");
            }
            String v = s.getValue();
            Tag tag = s.getTag();
            try {
                if (Tag.BOOL.equals(tag)) {
                    return isTrue(v);
                }
                if (Tag.INT.equals(tag)) {
                    BigInteger n = new BigInteger(v.replace("_", "").replaceFirst("^\\+", ""));
                    return n.bitLength() < 32 ? (Object) n.intValue() : n.bitLength() < 64 ? (Object) n.longValue() : n;
                }
                if (Tag.FLOAT.equals(tag)) {
                    return new BigDecimal(v.replace("_", ""));
                }
            } catch (NumberFormatException e) {
                return v; // hex, octal, .inf …: kept as text
            }
            return v;
        }

        private String fieldName(Node node, String where, String key) {
            String text = scalarText(node);
            if (text == null || text.isBlank()) {
                throw fail(node, where + ": " + key + " must be a field name"
                        + (key.equals("crm") || key.equals("dinero") ? " or a list of field names" : ""));
            }
            return text.trim();
        }

        private String key(Node node, String what, Map<String, Node> seen, String where) {
            String key = scalarText(node);
            if (key == null) {
                throw fail(node, where + what + " must be text");
            }
            Node earlier = seen.putIfAbsent(key, node);
            if (earlier != null) {
                throw fail(node, where + "'" + key + "' appears twice (first at line " + line(earlier) + ")");
            }
            return key;
        }

        private static String scalarText(Node node) {
            if (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
                return s.getValue();
            }
            return null;
        }

        private static boolean isNull(Node node) {
            return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
        }

        private static boolean isTrue(String v) {
            return Set.of("true", "yes", "on", "y").contains(v.toLowerCase(Locale.ROOT));
        }

        private static int line(Node node) {
            return node.getStartMark().getLine() + 1;
        }

        private MappingFileException fail(Node node, String problem) {
            return new MappingFileException(file + " line " + line(node) + ": " + problem);
        }

        private static String modules() {
            return Arrays.stream(SyncModule.values()).map(SyncModule::key).collect(Collectors.joining(", "));
        }
    }
}
