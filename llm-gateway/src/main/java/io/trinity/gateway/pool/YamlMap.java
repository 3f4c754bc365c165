package io.trinity.gateway.pool;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A YAML mapping read strictly: every accessor checks presence, type and range, and every failure is a
 * {@link PoolConfigException} that names the source, the model entry and the full key path.
 */
final class YamlMap {

    private final JsonNode node;
    private final String where;
    private final String keyPrefix;

    private YamlMap(JsonNode node, String where, String keyPrefix) {
        this.node = node;
        this.where = where;
        this.keyPrefix = keyPrefix;
    }

    /** {@code where} is "source" or "source: models[i] (name)", the prefix of every error message. */
    static YamlMap of(JsonNode node, String where, String what) {
        if (node == null || !node.isObject()) {
            throw new PoolConfigException(where + ": " + what + " must be a mapping");
        }
        return new YamlMap(node, where, "");
    }

    YamlMap allowOnly(Collection<String> keys, String forWhat) {
        node.fieldNames().forEachRemaining(key -> {
            if (!keys.contains(key)) {
                throw new PoolConfigException(where + ": unknown key '" + keyPrefix + key + "'" + forWhat
                        + "; allowed keys: " + String.join(", ", keys));
            }
        });
        return this;
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    YamlMap map(String key) {
        JsonNode value = require(key);
        if (!value.isObject()) {
            throw error(key, "must be a mapping");
        }
        return new YamlMap(value, where, keyPrefix + key + ".");
    }

    List<JsonNode> list(String key) {
        JsonNode value = require(key);
        if (!value.isArray()) {
            throw error(key, "must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        value.forEach(items::add);
        return items;
    }

    String string(String key) {
        JsonNode value = require(key);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw error(key, "must be a non-empty string, got " + value);
        }
        return value.asText();
    }

    String optionalString(String key) {
        return has(key) ? string(key) : null;
    }

    boolean optionalBoolean(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isBoolean()) {
            throw error(key, "must be true or false, got " + value);
        }
        return value.asBoolean();
    }

    double number(String key, double min, double max) {
        JsonNode value = require(key);
        if (!value.isNumber()) {
            throw error(key, "must be a number, got " + value);
        }
        double d = value.asDouble();
        if (!(d >= min && d <= max)) {
            throw error(key, range(min, max, Double.MAX_VALUE) + ", got " + value);
        }
        return d;
    }

    Double optionalNumber(String key, double min, double max) {
        return has(key) ? number(key, min, max) : null;
    }

    long integer(String key, long min, long max) {
        JsonNode value = require(key);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw error(key, "must be an integer, got " + value);
        }
        long n = value.asLong();
        if (n < min || n > max) {
            throw error(key, range(min, max, Long.MAX_VALUE) + ", got " + n);
        }
        return n;
    }

    Long optionalInteger(String key, long min, long max) {
        return has(key) ? integer(key, min, max) : null;
    }

    PoolConfigException error(String key, String problem) {
        return new PoolConfigException(where + ": key '" + keyPrefix + key + "' " + problem);
    }

    private static String range(Number min, Number max, Number unbounded) {
        return max.equals(unbounded) ? "must be at least " + plain(min)
                : "must be between " + plain(min) + " and " + plain(max);
    }

    /** Whole bounds print as 0 and 1 rather than 0.0 and 1.0. */
    private static String plain(Number n) {
        return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.longValue()) : n.toString();
    }

    private JsonNode require(String key) {
        if (!has(key)) {
            throw new PoolConfigException(where + ": missing required key '" + keyPrefix + key + "'");
        }
        return node.get(key);
    }
}
