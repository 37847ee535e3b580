package dk.simplydinero.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stable fingerprint of mapped content: SHA-256 over canonical JSON (keys sorted, numbers without trailing
 * zeros), so the same content always hashes alike however it was built. Used to tell "unchanged since we last
 * wrote it" without asking the other side.
 */
public final class ContentHash {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** Copied for each hash: looking SHA-256 up among the providers each time was a share of each record's CPU. */
    private static final MessageDigest SHA_256 = sha256();

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    private ContentHash() {
    }

    /** A fresh SHA-256: a copy of the one kept, or a new one from a provider whose digests cannot be copied. */
    private static MessageDigest sha256Copy() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    public static String of(Map<String, ?> content) {
        try {
            byte[] canonical = JSON.writeValueAsBytes(canonical(content));
            return HexFormat.of().formatHex(sha256Copy().digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot hash content", e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                Object c = canonical(v);
                sorted.put(String.valueOf(k), c == null ? "" : c);
            });
            return sorted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ContentHash::canonical).toList();
        }
        if (value instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return value;
    }

}
