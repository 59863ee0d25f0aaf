package org.livegov.jobs.config;

import static org.livegov.jobs.config.YamlChecks.onlyKnown;
import static org.livegov.jobs.config.YamlChecks.section;

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
import org.livegov.metrics.offenders.OffenderPolicy;
import org.livegov.metrics.offenders.PeerReview;

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
        return load(confDir, true);
    }

    /**
     * The configuration a published release was computed with ({@code publish --verify} and
     * {@code --revise} reload the release's copy): as {@link #load}, but the offender policy is not
     * read ({@link LiveGovConfig#offenders()} is null), since a release reads the listings from the
     * tables it pins and never evaluates a rule; an {@code offenders.yaml} copied before the rules
     * counted acts need not pass today's rule checks. Its bytes still count in the config hash.
     *
     * @throws UserError as {@link #load}, except for {@code offenders.yaml}'s content
     */
    public static LiveGovConfig loadForRelease(Path confDir) {
        return load(confDir, false);
    }

    private static LiveGovConfig load(Path confDir, boolean offenderPolicy) {
        if (!Files.isDirectory(confDir)) {
            throw new UserError("configuration folder " + confDir.toAbsolutePath() + " does not exist; check --conf");
        }
        Path tax = confDir.resolve("taxonomy.yaml");
        Path lg = confDir.resolve("livegov.yaml");
        Path cal = confDir.resolve("calendar").resolve("cn-holidays.yaml");
        Path off = confDir.resolve("offenders.yaml");
        Taxonomy taxonomy = taxonomy(tax, read(tax));
        Thresholds thresholds = thresholds(lg, read(lg));
        var calendar = CalendarConfig.load(confDir);
        Path ind = confDir.resolve("indicators.yaml");
        IndicatorCatalogue catalogue = IndicatorCatalogueLoader.load(ind, read(ind), thresholds.acceptanceWorkingDays());
        OffenderPolicy offenders = offenderPolicy ? offenders(off, read(off), taxonomy.categories().keySet()) : null;
        if (!offenderPolicy && !Files.isRegularFile(off)) {
            throw new UserError(off + ": configuration file not found");
        }
        Path trend = confDir.resolve("trend.yaml");
        Path provinces = confDir.resolve("gbt2260-provinces.yaml");
        var trendConfig = TrendConfigLoader.load(trend, provinces);
        return new LiveGovConfig(taxonomy, thresholds, calendar, catalogue, offenders, trendConfig,
                hash(tax, lg, cal, ind, off, trend, provinces), cal);
    }

    /**
     * One {@code offenders.yaml} alone, validated as {@link #load} validates it: for a proposed
     * policy that is not (yet) in the configuration folder ({@code livegov offenders --what-if}).
     *
     * @param categories the taxonomy's category codes (a rule may name only these)
     * @throws UserError on a missing file, bad YAML, a missing key or an impossible value
     */
    public static OffenderPolicy loadOffenders(Path file, java.util.Set<String> categories) {
        return offenders(file, read(file), categories);
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
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw notValidYaml(file, e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The one-line refusal of a configuration file the YAML parser rejects: the file, the line and
     * column where the parser stopped, and its reason with what it expected (e.g. {@code conf/livegov.yaml:
     * not valid YAML (line 41, column 1): while parsing a flow sequence … expected ',' or ']', but got
     * <stream end>}).
     *
     * @return the error to throw (its cause is the parser's exception)
     */
    static UserError notValidYaml(Path file, com.fasterxml.jackson.core.JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return new UserError(file + ": not valid YAML" + where + ": " + e.getOriginalMessage().replaceAll("\\s+", " ").strip(), e);
    }

    static Taxonomy taxonomy(Path file, JsonNode root) {
        String version = text(file, root, "version");
        String seriousFrom = severity(file, "serious_from", text(file, root, "serious_from"));
        JsonNode cats = section(file, root, "categories");
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
        onlyKnown(file, root, "", java.util.Set.of("version", "quarantine", "complaints"));
        JsonNode q = section(file, root, "quarantine");
        JsonNode c = section(file, root, "complaints");
        onlyKnown(file, q, "quarantine.", java.util.Set.of("future_tolerance_hours", "max_gmv_cny", "max_penalty_cny",
                "max_compensation_cny", "max_broadcast_hours", "max_peak_viewers", "max_views", "max_orders"));
        onlyKnown(file, c, "complaints.", java.util.Set.of("acceptance_working_days"));
        return new Thresholds(
                positiveInt(file, q, "quarantine.future_tolerance_hours", 0, 24 * 365),
                positiveMoney(file, q, "quarantine.max_gmv_cny"),
                positiveMoney(file, q, "quarantine.max_penalty_cny"),
                positiveMoney(file, q, "quarantine.max_compensation_cny"),
                positiveInt(file, q, "quarantine.max_broadcast_hours", 1, 24 * 30),
                positiveCount(file, q, "quarantine.max_peak_viewers"),
                positiveCount(file, q, "quarantine.max_views"),
                positiveCount(file, q, "quarantine.max_orders"),
                positiveInt(file, c, "complaints.acceptance_working_days", 1, 365));
    }

    /**
     * {@code conf/offenders.yaml}: the roles that may be listed, what one act is, periods and rules
     * (each with id and version). Unknown keys, missing values, an unknown role, a repeated rule id,
     * impossible periods, an act definition {@link OffenderPolicy.Acts} refuses, a category not in
     * the taxonomy, a rule with {@code source: configuration} and no {@code reason}, and a public
     * rule without a heavier-penalty condition (SAMR Order 44 lists only subjects given a heavier
     * penalty) unless it says {@code public_without_heavier_penalty: true} with a {@code reason},
     * are a {@link UserError} naming the key.
     *
     * @param categories the taxonomy's category codes (conf/taxonomy.yaml)
     */
    static OffenderPolicy offenders(Path file, JsonNode root, java.util.Set<String> categories) {
        onlyKnown(file, root, "", java.util.Set.of("version", "subject_roles", "acts", "periods", "rules", "peer_review",
                "name_review"));
        String version = text(file, root, "version");
        JsonNode roles = root.get("subject_roles");
        if (roles == null || !roles.isArray() || roles.isEmpty()) {
            throw new UserError(file + ": subject_roles: a list of at least one of " + OffenderPolicy.ROLES + " is required");
        }
        java.util.List<String> subjectRoles = new java.util.ArrayList<>();
        for (JsonNode r : roles) {
            if (!r.isTextual() || !OffenderPolicy.ROLES.contains(r.asText())) {
                throw new UserError(file + ": subject_roles: " + r + " is not one of " + OffenderPolicy.ROLES);
            }
            if (subjectRoles.contains(r.asText())) {
                throw new UserError(file + ": subject_roles: " + r + " appears twice");
            }
            subjectRoles.add(r.asText());
        }
        JsonNode a = section(file, root, "acts");
        onlyKnown(file, a, "acts.", java.util.Set.of("with_broadcast", "without_broadcast"));
        OffenderPolicy.Acts acts;
        try {
            acts = new OffenderPolicy.Acts(texts(file, a, "acts.with_broadcast"), texts(file, a, "acts.without_broadcast"));
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
        JsonNode p = section(file, root, "periods");
        onlyKnown(file, p, "periods.", java.util.Set.of("listing_months", "early_removal_after_months",
                "early_removal_blocked_from", "notice_days"));
        int listing = positiveInt(file, p, "periods.listing_months", 1, 240);
        int early = positiveInt(file, p, "periods.early_removal_after_months", 1, 240);
        if (early >= listing) {
            throw new UserError(file + ": periods.early_removal_after_months: " + early
                    + " must be less than periods.listing_months (" + listing + ")");
        }
        String blocked = severity(file, "periods.early_removal_blocked_from", text(file, p, "early_removal_blocked_from", "periods"));
        int notice = positiveInt(file, p, "periods.notice_days", 0, 365);
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isArray() || rules.isEmpty()) {
            throw new UserError(file + ": rules: at least one rule is required");
        }
        java.util.List<OffenderPolicy.Rule> out = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = rules.get(i);
            String at = "rules[" + i + "]";
            if (!r.isObject()) {
                throw new UserError(file + ": " + at + ": expected a mapping");
            }
            onlyKnown(file, r, at + ".", java.util.Set.of("id", "version", "min_severity", "min_count", "window_months",
                    "per_category", "heavier_penalty_required", "public", "source", "categories",
                    "public_without_heavier_penalty", "reason"));
            String id = text(file, r, "id", at);
            if (!id.matches("R-[A-Z0-9-]+")) {
                throw new UserError(file + ": " + at + ".id: rule ids look like R-SERIOUS-3IN24M, not " + id);
            }
            if (!ids.add(id)) {
                throw new UserError(file + ": " + at + ".id: " + id + " appears twice");
            }
            java.util.List<String> cats = r.has("categories") ? texts(file, r, at + ".categories") : java.util.List.of();
            for (String c : cats) {
                if (!categories.contains(c)) {
                    throw new UserError(file + ": " + at + ".categories: " + c + " is not a category of conf/taxonomy.yaml");
                }
            }
            String source = text(file, r, "source", at);
            String reason = r.has("reason") ? text(file, r, "reason", at) : null;
            if (source.equals("configuration") && reason == null) {
                throw new UserError(file + ": " + at + ".reason: rule " + id + " has source: configuration and must say why (reason)");
            }
            boolean heavier = bool(file, r, at + ".heavier_penalty_required");
            boolean isPublic = bool(file, r, at + ".public");
            boolean publicAnyway = r.has("public_without_heavier_penalty") && bool(file, r, at + ".public_without_heavier_penalty");
            if (publicAnyway && (!isPublic || heavier)) {
                throw new UserError(file + ": " + at + ".public_without_heavier_penalty: rule " + id
                        + " is not a public rule without a heavier-penalty condition; remove the key");
            }
            if (publicAnyway && reason == null) {
                throw new UserError(file + ": " + at + ".reason: rule " + id + " is public without a heavier penalty and must say why (reason)");
            }
            if (isPublic && !heavier && !publicAnyway) {
                throw new UserError(file + ": " + at + ".public: rule " + id + " is public but does not require a heavier penalty"
                        + " (SAMR Order 44 lists only subjects given one); set heavier_penalty_required: true, public: false,"
                        + " or public_without_heavier_penalty: true with a reason");
            }
            out.add(new OffenderPolicy.Rule(id, positiveInt(file, r, at + ".version", 1, 10_000),
                    severity(file, at + ".min_severity", text(file, r, "min_severity", at)),
                    positiveInt(file, r, at + ".min_count", 1, 1000), positiveInt(file, r, at + ".window_months", 1, 240),
                    bool(file, r, at + ".per_category"), heavier, isPublic, source, cats, publicAnyway, reason));
        }
        PeerReview.Rule peer = null;
        if (root.has("peer_review")) {
            JsonNode r = section(file, root, "peer_review");
            onlyKnown(file, r, "peer_review.", java.util.Set.of("id", "version", "min_severity", "min_count",
                    "window_months", "source"));
            String id = text(file, r, "id", "peer_review");
            if (!id.matches("R-[A-Z0-9-]+") || ids.contains(id)) {
                throw new UserError(file + ": peer_review.id: must look like R-PEER-FUNNEL998 and differ from the rules' ids, not " + id);
            }
            peer = new PeerReview.Rule(id, positiveInt(file, r, "peer_review.version", 1, 10_000),
                    severity(file, "peer_review.min_severity", text(file, r, "min_severity", "peer_review")),
                    positiveInt(file, r, "peer_review.min_count", 1, 1000),
                    positiveInt(file, r, "peer_review.window_months", 1, 240), text(file, r, "source", "peer_review"));
        }
        JsonNode names = section(file, root, "name_review");
        onlyKnown(file, names, "name_review.", java.util.Set.of("max_subjects"));
        int maxSubjects = positiveInt(file, names, "name_review.max_subjects", 2, 1000);
        return new OffenderPolicy(version, listing, early, notice, blocked, out, peer, subjectRoles, maxSubjects, acts);
    }

    /** A non-empty list of distinct texts, e.g. {@code [broadcast_id, category]}. */
    private static java.util.List<String> texts(Path file, JsonNode parent, String fullKey) {
        JsonNode n = parent.get(fullKey.substring(fullKey.lastIndexOf('.') + 1));
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw new UserError(file + ": " + fullKey + ": a list of at least one value is required");
        }
        java.util.List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : n) {
            if (!e.isTextual() || out.contains(e.asText())) {
                throw new UserError(file + ": " + fullKey + ": " + e + " is not text or appears twice");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static boolean bool(Path file, JsonNode parent, String fullKey) {
        JsonNode n = parent.get(fullKey.substring(fullKey.lastIndexOf('.') + 1));
        if (n == null || !n.isBoolean()) {
            throw new UserError(file + ": " + fullKey + ": must be true or false");
        }
        return n.booleanValue();
    }

    private static String severity(Path file, String key, String s) {
        if (!Taxonomy.SEVERITIES.contains(s)) {
            throw new UserError(file + ": " + key + ": severity must be one of " + Taxonomy.SEVERITIES + ", not " + s);
        }
        return s;
    }

    private static String text(Path file, JsonNode parent, String key) {
        return text(file, parent, key, null);
    }

    private static String text(Path file, JsonNode parent, String key, String prefix) {
        return YamlChecks.text(file, parent, key, prefix == null ? key : prefix + "." + key);
    }

    private static int positiveInt(Path file, JsonNode parent, String fullKey, int min, int max) {
        JsonNode n = parent.get(fullKey.substring(fullKey.lastIndexOf('.') + 1));
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

    /** A plausibility ceiling on a count: a whole number above zero (a count is stored as bigint). */
    private static long positiveCount(Path file, JsonNode parent, String fullKey) {
        JsonNode n = parent.get(fullKey.substring(fullKey.indexOf('.') + 1));
        if (n == null) {
            throw new UserError(file + ": " + fullKey + ": missing value");
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new UserError(file + ": " + fullKey + ": must be a whole number");
        }
        long v = n.longValue();
        if (v <= 0) {
            throw new UserError(file + ": " + fullKey + ": must be positive, not " + v);
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
