package org.livegov.jobs.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.livegov.jobs.UserError;
import org.livegov.metrics.conf.Taxonomy;
import org.livegov.metrics.conf.Thresholds;

/**
 * Loads and validates {@code conf/}. Every problem stops the job before anything is written, with
 * one line naming the file, the key and the reason ({@link UserError}).
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern CATEGORY = Pattern.compile("V\\d{2}");

    private ConfigLoader() {
    }

    /**
     * @param confDir the configuration folder
     * @return the validated configuration
     * @throws UserError on a missing file, bad YAML, a missing key or an impossible value
     */
    public static LiveGovConfig load(Path confDir) {
        if (!Files.isDirectory(confDir)) {
            throw new UserError("configuration folder " + confDir.toAbsolutePath() + " does not exist; check --conf");
        }
        Path tax = confDir.resolve("taxonomy.yaml");
        Path lg = confDir.resolve("livegov.yaml");
        Path cal = confDir.resolve("calendar").resolve("cn-holidays.yaml");
        Taxonomy taxonomy = taxonomy(tax, read(tax));
        Thresholds thresholds = thresholds(lg, read(lg));
        var calendar = CalendarConfig.load(confDir);
        Path trend = confDir.resolve("trend.yaml");
        Path provinces = confDir.resolve("gbt2260-provinces.yaml");
        var trendConfig = TrendConfigLoader.load(trend, provinces);
        return new LiveGovConfig(taxonomy, thresholds, calendar, trendConfig, hash(tax, lg, cal, trend, provinces));
    }

    static JsonNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": configuration file not found");
        }
        try {
            JsonNode n = YAML.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new UserError(file + ": expected a YAML mapping at the top level");
            }
            return n;
        } catch (IOException e) {
            throw new UserError(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static Taxonomy taxonomy(Path file, JsonNode root) {
        String version = text(file, root, "version");
        String seriousFrom = severity(file, "serious_from", text(file, root, "serious_from"));
        JsonNode cats = node(file, root, "categories");
        Map<String, Taxonomy.Category> out = new LinkedHashMap<>();
        cats.fields().forEachRemaining(e -> {
            String key = "categories." + e.getKey();
            if (!CATEGORY.matcher(e.getKey()).matches()) {
                throw new UserError(file + ": " + key + ": category codes look like V01");
            }
            String kind = text(file, e.getValue(), "kind", key);
            if (!kind.equals("commodity") && !kind.equals("publicity") && !kind.equals("conduct")) {
                throw new UserError(file + ": " + key + ".kind: must be commodity, publicity or conduct, not " + kind);
            }
            out.put(e.getKey(), new Taxonomy.Category(e.getKey(), text(file, e.getValue(), "label", key), kind,
                    severity(file, key + ".severity", text(file, e.getValue(), "severity", key))));
        });
        if (out.isEmpty()) {
            throw new UserError(file + ": categories: at least one category is required");
        }
        return new Taxonomy(version, Map.copyOf(out), seriousFrom);
    }

    static Thresholds thresholds(Path file, JsonNode root) {
        onlyKnown(file, root, "", java.util.Set.of("version", "quarantine", "complaints", "offenders"));
        JsonNode q = node(file, root, "quarantine");
        JsonNode c = node(file, root, "complaints");
        JsonNode o = node(file, root, "offenders");
        onlyKnown(file, q, "quarantine.", java.util.Set.of("future_tolerance_hours", "max_gmv_cny", "max_penalty_cny",
                "max_compensation_cny", "max_broadcast_hours"));
        onlyKnown(file, c, "complaints.", java.util.Set.of("acceptance_working_days"));
        onlyKnown(file, o, "offenders.", java.util.Set.of("window_months", "min_serious_violations"));
        return new Thresholds(
                positiveInt(file, q, "quarantine.future_tolerance_hours", 0, 24 * 365),
                positiveMoney(file, q, "quarantine.max_gmv_cny"),
                positiveMoney(file, q, "quarantine.max_penalty_cny"),
                positiveMoney(file, q, "quarantine.max_compensation_cny"),
                positiveInt(file, q, "quarantine.max_broadcast_hours", 1, 24 * 30),
                positiveInt(file, c, "complaints.acceptance_working_days", 1, 365),
                positiveInt(file, o, "offenders.window_months", 1, 120),
                positiveInt(file, o, "offenders.min_serious_violations", 1, 1000));
    }

    /** A misspelt key must not pass silently as "missing" or be ignored. */
    private static void onlyKnown(Path file, JsonNode node, String prefix, java.util.Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new UserError(file + ": unknown key " + prefix + k + "; known keys here: " + new java.util.TreeSet<>(known));
            }
        });
    }

    private static String severity(Path file, String key, String s) {
        if (!Taxonomy.SEVERITIES.contains(s)) {
            throw new UserError(file + ": " + key + ": severity must be one of " + Taxonomy.SEVERITIES + ", not " + s);
        }
        return s;
    }

    private static JsonNode node(Path file, JsonNode parent, String key) {
        JsonNode n = parent.get(key);
        if (n == null || !n.isObject()) {
            throw new UserError(file + ": " + key + ": missing section");
        }
        return n;
    }

    private static String text(Path file, JsonNode parent, String key) {
        return text(file, parent, key, null);
    }

    private static String text(Path file, JsonNode parent, String key, String prefix) {
        JsonNode n = parent.get(key);
        String full = prefix == null ? key : prefix + "." + key;
        if (n == null || n.isNull() || !n.isValueNode() || n.asText().isBlank()) {
            throw new UserError(file + ": " + full + ": missing value");
        }
        return n.asText().trim();
    }

    private static int positiveInt(Path file, JsonNode parent, String fullKey, int min, int max) {
        JsonNode n = parent.get(fullKey.substring(fullKey.indexOf('.') + 1));
        if (n == null) {
            throw new UserError(file + ": " + fullKey + ": missing value");
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new UserError(file + ": " + fullKey + ": must be a whole number");
        }
        int v = n.intValue();
        if (v < min || v > max) {
            throw new UserError(file + ": " + fullKey + ": " + v + " is impossible; allowed " + min + ".." + max);
        }
        return v;
    }

    private static BigDecimal positiveMoney(Path file, JsonNode parent, String fullKey) {
        JsonNode n = parent.get(fullKey.substring(fullKey.indexOf('.') + 1));
        if (n == null) {
            throw new UserError(file + ": " + fullKey + ": missing value");
        }
        if (!n.isNumber()) {
            throw new UserError(file + ": " + fullKey + ": must be an amount in CNY");
        }
        BigDecimal v = n.decimalValue();
        if (v.signum() <= 0) {
            throw new UserError(file + ": " + fullKey + ": must be positive, not " + v.toPlainString());
        }
        return v;
    }

    private static String hash(Path... files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update(Files.readAllBytes(f));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new UserError("cannot read configuration for hashing: " + e.getMessage());
        }
    }
}
