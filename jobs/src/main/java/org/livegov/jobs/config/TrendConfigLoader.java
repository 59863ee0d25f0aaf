package org.livegov.jobs.config;

import static org.livegov.jobs.config.YamlChecks.section;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.livegov.jobs.UserError;
import org.livegov.metrics.trend.TrendConfig;

/**
 * Loads {@code conf/trend.yaml} (festivals, MCN size bands, limits, PELT) and
 * {@code conf/gbt2260-provinces.yaml} (GB/T 2260 province codes and names) strictly: an unknown
 * key, a missing value or an impossible one stops the job with a {@link UserError} naming the file
 * and the key.
 */
public final class TrendConfigLoader {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,32}");
    private static final Pattern PROVINCE = Pattern.compile("\\d{2}0000");
    /**
     * The key of the same-month-mean flags (periods before phi was estimated), replaced by
     * {@code limits.min_residual_df}; read, as that, only so that the configuration a release copied
     * before the change still loads for {@code publish --verify}.
     */
    static final String LEGACY_MIN_PERIODS = "min_periods_for_phi";

    private TrendConfigLoader() {
    }

    /**
     * @param trendFile     {@code conf/trend.yaml}
     * @param provincesFile {@code conf/gbt2260-provinces.yaml}
     * @return the validated configuration
     * @throws UserError on any problem, naming the key
     */
    public static TrendConfig load(Path trendFile, Path provincesFile) {
        JsonNode root = ConfigLoader.read(trendFile);
        only(trendFile, root, "", Set.of("version", "festivals", "mcn_size_bands", "limits", "pelt"));
        List<TrendConfig.Festival> festivals = new ArrayList<>();
        section(trendFile, root, "festivals").fields().forEachRemaining(e -> {
            String key = "festivals." + e.getKey();
            id(trendFile, key, e.getKey());
            only(trendFile, e.getValue(), key + ".", Set.of("name_zh", "name_en", "month"));
            festivals.add(new TrendConfig.Festival(e.getKey(), text(trendFile, e.getValue(), key, "name_zh"),
                    text(trendFile, e.getValue(), key, "name_en"), integer(trendFile, e.getValue(), key, "month", 1, 12)));
        });
        List<TrendConfig.SizeBand> bands = new ArrayList<>();
        section(trendFile, root, "mcn_size_bands").fields().forEachRemaining(e -> {
            String key = "mcn_size_bands." + e.getKey();
            id(trendFile, key, e.getKey());
            only(trendFile, e.getValue(), key + ".", Set.of("label_zh", "label_en", "min_anchors"));
            int min = integer(trendFile, e.getValue(), key, "min_anchors", 0, 1_000_000);
            if (bands.isEmpty() ? min != 0 : min <= bands.get(bands.size() - 1).minAnchors()) {
                throw new UserError(trendFile + ": " + key + ".min_anchors: bands must start at 0 and rise strictly, not " + min);
            }
            bands.add(new TrendConfig.SizeBand(e.getKey(), text(trendFile, e.getValue(), key, "label_zh"),
                    text(trendFile, e.getValue(), key, "label_en"), min));
        });
        if (bands.isEmpty()) {
            throw new UserError(trendFile + ": mcn_size_bands: at least one band is required");
        }
        JsonNode limits = section(trendFile, root, "limits");
        only(trendFile, limits, "limits.", Set.of("confidence", "min_residual_df", LEGACY_MIN_PERIODS));
        JsonNode conf = limits.get("confidence");
        if (conf == null || !conf.isNumber() || !(conf.doubleValue() > 0.5 && conf.doubleValue() < 1)) {
            throw new UserError(trendFile + ": limits.confidence: must be a number between 0.5 and 1 (exclusive)");
        }
        // A release published before the fitted expected values copied a trend.yaml with the old key;
        // `publish --verify` must still load it (the benchmark figures never read it).
        if (limits.has(LEGACY_MIN_PERIODS) == limits.has("min_residual_df")) {
            throw new UserError(trendFile + ": limits.min_residual_df: required (limits." + LEGACY_MIN_PERIODS
                    + " is only read from configurations copied before it, and never beside it)");
        }
        int minDf = integer(trendFile, limits, "limits",
                limits.has(LEGACY_MIN_PERIODS) ? LEGACY_MIN_PERIODS : "min_residual_df", 1, 1000);
        JsonNode pelt = section(trendFile, root, "pelt");
        only(trendFile, pelt, "pelt.", Set.of("penalty_log_n", "min_periods"));
        JsonNode pen = pelt.get("penalty_log_n");
        if (pen == null || !pen.isNumber() || !(pen.doubleValue() > 0 && pen.doubleValue() <= 100)) {
            throw new UserError(trendFile + ": pelt.penalty_log_n: must be a number in (0, 100]");
        }
        int peltMin = integer(trendFile, pelt, "pelt", "min_periods", 2, 1000);

        JsonNode proot = ConfigLoader.read(provincesFile);
        only(provincesFile, proot, "", Set.of("version", "provinces"));
        Map<String, TrendConfig.Province> provinces = new LinkedHashMap<>();
        section(provincesFile, proot, "provinces").fields().forEachRemaining(e -> {
            String key = "provinces." + e.getKey();
            if (!PROVINCE.matcher(e.getKey()).matches()) {
                throw new UserError(provincesFile + ": " + key + ": a province code has 6 digits ending in 0000");
            }
            only(provincesFile, e.getValue(), key + ".", Set.of("zh", "en"));
            provinces.put(e.getKey(), new TrendConfig.Province(e.getKey(), text(provincesFile, e.getValue(), key, "zh"),
                    text(provincesFile, e.getValue(), key, "en")));
        });
        return new TrendConfig(List.copyOf(festivals), List.copyOf(bands), conf.doubleValue(), minDf,
                pen.doubleValue(), peltMin, Map.copyOf(provinces));
    }

    /**
     * Category names for display, from {@code conf/taxonomy.yaml} ({@code label_zh}, {@code label}).
     *
     * @return code → {zh, en}
     * @throws UserError when the file is missing or not YAML
     */
    public static Map<String, Map<String, String>> categoryNames(Path taxonomyFile) {
        JsonNode cats = section(taxonomyFile, ConfigLoader.read(taxonomyFile), "categories");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        cats.fields().forEachRemaining(e -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("zh", e.getValue().path("label_zh").asText(e.getKey()));
            m.put("en", e.getValue().path("label").asText(e.getKey()));
            out.put(e.getKey(), m);
        });
        return out;
    }

    private static void only(Path file, JsonNode node, String prefix, Set<String> known) {
        if (!node.isObject()) {
            throw new UserError(file + ": " + (prefix.isEmpty() ? "top level" : prefix.substring(0, prefix.length() - 1))
                    + ": expected a mapping");
        }
        YamlChecks.onlyKnown(file, node, prefix, known);
    }

    private static void id(Path file, String key, String id) {
        if (!ID.matcher(id).matches()) {
            throw new UserError(file + ": " + key + ": ids are letters, digits or _ (at most 32)");
        }
    }

    /** A YAML null ({@code name_zh: ~}) is a missing value, not the text "null". */
    private static String text(Path file, JsonNode parent, String prefix, String key) {
        return YamlChecks.text(file, parent, key, prefix + "." + key);
    }

    private static int integer(Path file, JsonNode parent, String prefix, String key, int min, int max) {
        JsonNode n = parent.get(key);
        String full = prefix + "." + key;
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new UserError(file + ": " + full + ": must be a whole number");
        }
        if (n.intValue() < min || n.intValue() > max) {
            throw new UserError(file + ": " + full + ": " + n.intValue() + " is impossible; allowed " + min + ".." + max);
        }
        return n.intValue();
    }
}
