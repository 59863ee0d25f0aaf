package org.livegov.jobs.config;

import static org.livegov.jobs.config.YamlChecks.onlyKnown;
import static org.livegov.jobs.config.YamlChecks.section;
import static org.livegov.jobs.config.YamlChecks.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.livegov.jobs.UserError;
import org.livegov.metrics.bench.CompositeScore;
import org.livegov.metrics.bench.Indicator;
import org.livegov.metrics.bench.QuarterlyIndicators;

/**
 * Strict loader of {@code conf/indicators.yaml}. Every problem is a {@link UserError} naming the
 * file, the key (e.g. {@code indicators[3].role}) and the reason, before anything is written:
 * unknown key, missing value, unknown role, kind or direction, an id without a definition in
 * {@link QuarterlyIndicators#DEFINED} (or with another role or kind), a repeated id, equal
 * goalposts, a negative weight or exposure, weights of a role not summing to 1 within 1e-9, a
 * weighting naming an unknown indicator or whose weights of a role do not sum to 1, a
 * {@code coverage.min_share} outside [0, 1] or without its {@code source} and {@code reason}.
 */
final class IndicatorCatalogueLoader {
    static final double TOLERANCE = 1e-9;
    private static final Set<String> TOP = Set.of("version", "benchmark", "rules", "coverage", "indicators", "weightings");
    private static final Set<String> COVERAGE = Set.of("min_share", "source", "reason");
    /**
     * Minimum coverage when {@code coverage:} is absent: the shipped value, so that the configuration
     * copied into a release published before issue 13 still loads for {@code publish --verify} (which
     * then names the cells the coverage rule moved).
     */
    static final double DEFAULT_MIN_COVERAGE = 0.8;
    private static final Set<String> BENCH = Set.of("seed", "draws", "min_weight_share");
    private static final Set<String> RULES = Set.of("min_anchor_age_years", "recording_retention_years", "disposal_hours",
            "closure_working_days");
    private static final Set<String> IND = Set.of("id", "role", "duty", "source", "numerator", "denominator", "kind",
            "direction", "unit", "scale", "worst", "best", "weight", "min_exposure");
    private static final Set<String> WEIGHTING = Set.of("name", "description", "equal", "weights");

    private IndicatorCatalogueLoader() {
    }

    /**
     * @param file                  the file, for messages
     * @param root                  its parsed YAML
     * @param acceptanceWorkingDays from {@code conf/livegov.yaml} (SAMR art. 14)
     * @return the validated catalogue
     * @throws UserError naming the key on any problem
     */
    static IndicatorCatalogue load(Path file, JsonNode root, int acceptanceWorkingDays) {
        onlyKnown(file, root, "", TOP);
        String version = text(file, root, "version", "version");
        JsonNode bench = section(file, root, "benchmark");
        onlyKnown(file, bench, "benchmark.", BENCH);
        long seed = whole(file, bench, "seed", "benchmark.seed", 0, Long.MAX_VALUE);
        int draws = (int) whole(file, bench, "draws", "benchmark.draws", 1000, 100_000);
        // absent: the shipped ½, so that a catalogue written before the key existed still publishes as it did
        double minWeightShare = bench.has("min_weight_share")
                ? number(file, bench, "min_weight_share", "benchmark.min_weight_share", 0.01, 1)
                : CompositeScore.DEFAULT_MIN_WEIGHT_SHARE;
        JsonNode r = section(file, root, "rules");
        onlyKnown(file, r, "rules.", RULES);
        QuarterlyIndicators.Rules rules = new QuarterlyIndicators.Rules(
                // 16 to 18: the ages the law names, and all that turns_16_on keeps (PersonalData.ADULT_FLOOR)
                (int) whole(file, r, "min_anchor_age_years", "rules.min_anchor_age_years", 16, 18),
                (int) whole(file, r, "recording_retention_years", "rules.recording_retention_years", 1, 99),
                number(file, r, "disposal_hours", "rules.disposal_hours", 0.001, 24 * 365),
                acceptanceWorkingDays,
                (int) whole(file, r, "closure_working_days", "rules.closure_working_days", 1, 365),
                minCoverage(file, root.get("coverage")));

        JsonNode list = root.get("indicators");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new UserError(file + ": indicators: a non-empty list is required");
        }
        List<Indicator> indicators = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode n = list.get(k);
            String at = "indicators[" + k + "]";
            if (!n.isObject()) throw new UserError(file + ": " + at + ": expected a mapping");
            onlyKnown(file, n, at + ".", IND);
            String id = text(file, n, "id", at + ".id");
            at = at + " (" + id + ")";
            Indicator.Role role = oneOf(file, n, "role", at, Indicator.Role.class);
            Indicator.Kind kind = oneOf(file, n, "kind", at, Indicator.Kind.class);
            Indicator.Direction direction = oneOf(file, n, "direction", at, Indicator.Direction.class);
            QuarterlyIndicators.Definition def = QuarterlyIndicators.DEFINED.get(id);
            if (def == null) {
                throw new UserError(file + ": " + at + ".id: no indicator definition has this id; known ids: "
                        + QuarterlyIndicators.DEFINED.keySet());
            }
            if (def.role() != role) {
                throw new UserError(file + ": " + at + ".role: " + id + " is defined for role " + def.role().key() + ", not " + role.key());
            }
            if (def.kind() != kind) {
                throw new UserError(file + ": " + at + ".kind: " + id + " is defined as " + lower(def.kind()) + ", not " + lower(kind));
            }
            if (sources.containsKey(id)) throw new UserError(file + ": " + at + ".id: repeated id " + id);
            double worst = number(file, n, "worst", at + ".worst", -1e12, 1e12);
            double best = number(file, n, "best", at + ".best", -1e12, 1e12);
            if (worst == best) {
                throw new UserError(file + ": " + at + ".best: goalposts worst and best are equal (" + worst + "); scoring needs two different values");
            }
            double scale = n.has("scale") ? number(file, n, "scale", at + ".scale", 1e-12, 1e12) : 1.0;
            double weight = number(file, n, "weight", at + ".weight", 0, 1);
            double minExposure = number(file, n, "min_exposure", at + ".min_exposure", 0, 1e15);
            String source = text(file, n, "source", at + ".source");
            indicators.add(new Indicator(id, role, text(file, n, "duty", at + ".duty"), text(file, n, "numerator", at + ".numerator"),
                    text(file, n, "denominator", at + ".denominator"), kind, direction, text(file, n, "unit", at + ".unit"),
                    scale, worst, best, weight, minExposure));
            sources.put(id, source);
        }
        Map<Indicator.Role, Double> sums = new EnumMap<>(Indicator.Role.class);
        indicators.forEach(i -> sums.merge(i.role(), i.weight(), Double::sum));
        sums.forEach((role, s) -> {
            if (Math.abs(s - 1.0) > TOLERANCE) {
                throw new UserError(file + ": indicators[role=" + role.key() + "].weight: weights of role " + role.key()
                        + " sum to " + sum(s) + ", not 1");
            }
        });
        return new IndicatorCatalogue(version, seed, draws, minWeightShare, rules, List.copyOf(indicators), Map.copyOf(sources),
                weightings(file, root.get("weightings"), indicators));
    }

    /** {@code coverage.min_share} in [0, 1], with its {@code source} and {@code reason} required; absent: the default. */
    private static double minCoverage(Path file, JsonNode c) {
        if (c == null || c.isNull()) return DEFAULT_MIN_COVERAGE;
        if (!c.isObject()) throw new UserError(file + ": coverage: expected a mapping with min_share, source and reason");
        onlyKnown(file, c, "coverage.", COVERAGE);
        text(file, c, "source", "coverage.source");
        text(file, c, "reason", "coverage.reason");
        return number(file, c, "min_share", "coverage.min_share", 0, 1);
    }

    private static List<IndicatorCatalogue.NamedWeighting> weightings(Path file, JsonNode list, List<Indicator> indicators) {
        if (list == null || list.isNull()) return List.of();
        if (!list.isArray()) throw new UserError(file + ": weightings: expected a list");
        Map<String, Indicator> byId = new LinkedHashMap<>();
        indicators.forEach(i -> byId.put(i.id(), i));
        List<IndicatorCatalogue.NamedWeighting> out = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode w = list.get(k);
            String at = "weightings[" + k + "]";
            if (!w.isObject()) throw new UserError(file + ": " + at + ": expected a mapping");
            onlyKnown(file, w, at + ".", WEIGHTING);
            String name = text(file, w, "name", at + ".name");
            if (!names.add(name)) throw new UserError(file + ": " + at + ".name: repeated weighting name " + name);
            String description = text(file, w, "description", at + ".description");
            boolean equal = w.has("equal") && w.get("equal").isBoolean() && w.get("equal").booleanValue();
            if (w.has("equal") && !w.get("equal").isBoolean()) {
                throw new UserError(file + ": " + at + ".equal: must be true or false");
            }
            Map<String, Double> weights = new LinkedHashMap<>();
            if (equal == w.has("weights")) {
                throw new UserError(file + ": " + at + ": give either equal: true or weights, not " + (equal ? "both" : "neither"));
            }
            if (equal) {
                // over the indicators that count in the composite: one published with weight 0 for
                // information (P17 reporting completeness) stays at 0
                for (Indicator.Role role : Indicator.Role.values()) {
                    List<Indicator> of = indicators.stream().filter(i -> i.role() == role && i.weight() > 0).toList();
                    indicators.stream().filter(i -> i.role() == role)
                            .forEach(i -> weights.put(i.id(), i.weight() > 0 ? 1.0 / of.size() : 0.0));
                }
            } else {
                JsonNode m = w.get("weights");
                if (!m.isObject()) throw new UserError(file + ": " + at + ".weights: expected a mapping of indicator id to weight");
                Map<Indicator.Role, Double> sums = new EnumMap<>(Indicator.Role.class);
                var it = m.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    String key = at + ".weights." + e.getKey();
                    Indicator i = byId.get(e.getKey());
                    if (i == null) {
                        throw new UserError(file + ": " + key + ": unknown indicator " + e.getKey() + "; the catalogue has " + byId.keySet());
                    }
                    double v = number(file, m, e.getKey(), key, 0, 1);
                    weights.put(i.id(), v);
                    sums.merge(i.role(), v, Double::sum);
                }
                sums.forEach((role, s) -> {
                    if (Math.abs(s - 1.0) > TOLERANCE) {
                        throw new UserError(file + ": " + at + ".weights: weights of role " + role.key() + " sum to " + sum(s) + ", not 1");
                    }
                });
                for (Indicator i : indicators) {
                    if (!weights.containsKey(i.id())) {
                        // a role the weighting names gets 0 for an indicator it leaves out; other roles keep the catalogue's weights
                        weights.put(i.id(), sums.containsKey(i.role()) ? 0.0 : i.weight());
                    }
                }
            }
            out.add(new IndicatorCatalogue.NamedWeighting(name, description, Map.copyOf(weights)));
        }
        return List.copyOf(out);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static <E extends Enum<E>> E oneOf(Path file, JsonNode n, String key, String at, Class<E> type) {
        String v = text(file, n, key, at + "." + key);
        Set<String> allowed = new TreeSet<>();
        for (E e : type.getEnumConstants()) allowed.add(lower(e));
        if (!allowed.contains(v.toLowerCase(Locale.ROOT))) {
            throw new UserError(file + ": " + at + "." + key + ": must be one of " + allowed + ", not '" + v + "'");
        }
        return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    }

    private static double number(Path file, JsonNode parent, String key, String full, double min, double max) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) throw new UserError(file + ": " + full + ": missing value");
        if (!n.isNumber()) throw new UserError(file + ": " + full + ": must be a number, not '" + n.asText() + "'");
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) throw new UserError(file + ": " + full + ": " + v + " is impossible; allowed " + min + ".." + max);
        return v;
    }

    private static long whole(Path file, JsonNode parent, String key, String full, long min, long max) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) throw new UserError(file + ": " + full + ": missing value");
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw new UserError(file + ": " + full + ": must be a whole number");
        long v = n.longValue();
        if (v < min || v > max) throw new UserError(file + ": " + full + ": " + v + " is impossible; allowed " + min + ".." + max);
        return v;
    }

    /** A sum of decimal weights as written, without binary floating-point noise (1.1, not 1.1000000000000005). */
    private static String sum(double s) {
        return new java.math.BigDecimal(s).round(new java.math.MathContext(12)).stripTrailingZeros().toPlainString();
    }
}
