package org.livegov.jobs.adapters;

import static org.livegov.jobs.adapters.LandingOutput.row;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.livegov.metrics.contract.Feed;

/**
 * EU Digital Services Act statements of reasons (Transparency Database daily dumps, in the schema
 * versions of {@link #LAYOUTS}) to {@code violations} found and disposed of by platforms, with one platform register
 * row per platform name.
 *
 * <ul>
 *   <li>{@code violation_id} = {@code dsa-<uuid>}. A file may hold the same statement twice (the
 *       2024-03-14 fixture starts with one record written twice): both rows are landed as they
 *       are and the pipeline's deduplication keeps one.</li>
 *   <li>{@code platform_id} = platform_name in upper case with dashes ({@link #platformId}):
 *       GOOGLE-SHOPPING, TIKTOK, ALIEXPRESS, PINTEREST.</li>
 *   <li>{@code subject_role} by {@link #subjectRole}: merchant on marketplaces, anchor on content
 *       platforms. The database publishes no account identifiers, so {@code subject_id} is
 *       {@code dsa-<platform>-<platform_uid>} (the platform's id of the statement): one subject per
 *       statement, repeat offenders cannot be seen, and no register rows are written for these
 *       subjects (they would be phantom merchants and anchors in the exposure counts).</li>
 *   <li>{@code category} from the statement category by {@link #category} (a value not in the
 *       published list is quarantined, not guessed); {@code severity} blank (taxonomy default).</li>
 *   <li>{@code detected_by} ← automated_detection: Yes → platform_automated, No →
 *       platform_patrol.</li>
 *   <li>{@code disposal} = the heaviest of the visibility, monetary, provision and account
 *       decisions ({@link #disposal}).</li>
 *   <li>{@code detected_at} ← application_date (content_date when blank): the decision took
 *       effect then, so detection happened no later; {@code disposed_at} ← created_at (when the
 *       statement was issued). Dump times are UTC and are written with {@code Z}.</li>
 *   <li>{@code status} confirmed; {@code heavier_penalty} false (platform measures are not
 *       administrative penalties); penalty, broadcast, subject name and USCC blank.</li>
 *   <li>Lost: decision grounds and explanations, category_addition and specification, end dates,
 *       territorial scope, content type and language, automated_decision.</li>
 * </ul>
 */
public final class DsaAdapter implements SourceAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UUID = "uuid";
    private static final String VISIBILITY = "decision_visibility";
    private static final String MONETARY = "decision_monetary";
    private static final String PROVISION = "decision_provision";
    private static final String ACCOUNT = "decision_account";
    private static final String CATEGORY = "category";
    private static final String CONTENT_TYPE = "content_type";
    private static final String CONTENT_DATE = "content_date";
    private static final String APPLICATION_DATE = "application_date";
    private static final String AUTOMATED = "automated_detection";
    private static final String PLATFORM = "platform_name";
    private static final String PLATFORM_UID = "platform_uid";
    private static final String CREATED = "created_at";
    private static final List<String> READ = List.of(UUID, VISIBILITY, MONETARY, PROVISION, ACCOUNT, CATEGORY,
            CONTENT_TYPE, CONTENT_DATE, APPLICATION_DATE, AUTOMATED, PLATFORM, PLATFORM_UID, CREATED);
    /** The 2023-2024 full dump's other columns, which the adapter does not map (class comment). */
    private static final List<String> FULL_2024_OTHERS = List.of("decision_visibility_other",
            "end_date_visibility_restriction", "decision_monetary_other", "end_date_monetary_restriction",
            "end_date_service_restriction", "end_date_account_restriction", "account_type", "decision_ground",
            "decision_ground_reference_url", "illegal_content_legal_ground", "illegal_content_explanation",
            "incompatible_content_ground", "incompatible_content_explanation", "incompatible_content_illegal",
            "category_addition", "category_specification", "category_specification_other", "content_type_other",
            "content_language", "territorial_scope", "decision_facts", "source_type", "source_identity",
            "automated_decision");
    private static final String ORIGIN = "column headings of the Transparency Database's CSV export"
            + " (GitHub digital-services-act/transparency-database, app/Exports/StatementExportTrait.php: headings()"
            + " for full, headingsLight() for light)";

    /**
     * The Transparency Database dump's schema versions. All read the same 13 columns; they differ in
     * the columns the adapter leaves aside. Any other column (a later schema's addition) is ignored and
     * named in the import report.
     */
    static final List<Layout> LAYOUTS = List.of(
            Layout.sameNames("DSA Transparency Database daily dump, full (37 columns, 2023-2024)",
                    "shared/data/real/dsa_statements_of_reasons_2024-03-14.csv; " + ORIGIN,
                    READ, READ, FULL_2024_OTHERS, List.of()),
            Layout.sameNames("DSA Transparency Database daily dump, full with content_id_ean (38 columns)", ORIGIN,
                    READ, READ, concat(FULL_2024_OTHERS, List.of("content_id_ean")), List.of()),
            Layout.sameNames("DSA Transparency Database daily dump, light", ORIGIN, READ, READ,
                    concat(FULL_2024_OTHERS.stream().filter(c -> !List.of("illegal_content_explanation",
                            "incompatible_content_explanation", "territorial_scope", "decision_facts").contains(c)).toList(),
                            List.of("content_id_ean")), List.of()));

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    /**
     * Every statement category the Transparency Database publishes (prefix STATEMENT_CATEGORY_
     * removed) → taxonomy category. A value not listed here is landed as written and quarantined
     * (UNKNOWN_CATEGORY): see {@link #category}.
     */
    private static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("INTELLECTUAL_PROPERTY_INFRINGEMENTS", "V01"),
            Map.entry("UNSAFE_AND_ILLEGAL_PRODUCTS", "V02"),
            Map.entry("UNSAFE_AND_PROHIBITED_PRODUCTS", "V02"),
            Map.entry("ANIMAL_WELFARE", "V02"),
            Map.entry("RISK_FOR_PUBLIC_SECURITY", "V02"),
            Map.entry("PROTECTION_OF_MINORS", "V03"),
            Map.entry("SCAMS_AND_FRAUD", "V04"),
            Map.entry("PORNOGRAPHY_OR_SEXUALIZED_CONTENT", "V11"),
            Map.entry("ILLEGAL_OR_HARMFUL_SPEECH", "V11"),
            Map.entry("VIOLENCE", "V11"),
            Map.entry("CYBER_VIOLENCE", "V11"),
            Map.entry("CYBER_VIOLENCE_AGAINST_WOMEN", "V11"),
            Map.entry("NON_CONSENSUAL_BEHAVIOUR", "V11"),
            Map.entry("SELF_HARM", "V11"),
            Map.entry("SCOPE_OF_PLATFORM_SERVICE", "V13"),
            Map.entry("CONSUMER_INFORMATION", "V13"),
            Map.entry("DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", "V13"),
            Map.entry("NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "V13"),
            Map.entry("OTHER_VIOLATION_TC", "V13"),
            Map.entry("NOT_SPECIFIED_NOTICE", "V13"),
            Map.entry("NOT_SPECIFIED_ORDER", "V13"));
    /** Decision value → disposal. */
    private static final Map<String, String> DECISIONS = Map.ofEntries(
            Map.entry("DECISION_VISIBILITY_CONTENT_REMOVED", "remove_content"),
            Map.entry("DECISION_VISIBILITY_CONTENT_DISABLED", "remove_content"),
            Map.entry("DECISION_VISIBILITY_CONTENT_DEMOTED", "restrict_publishing"),
            Map.entry("DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "restrict_publishing"),
            Map.entry("DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "restrict_publishing"),
            Map.entry("DECISION_VISIBILITY_CONTENT_LABELLED", "warning"),
            Map.entry("DECISION_VISIBILITY_OTHER", "restrict_publishing"),
            Map.entry("DECISION_MONETARY_SUSPENSION", "suspend"),
            Map.entry("DECISION_MONETARY_TERMINATION", "suspend"),
            Map.entry("DECISION_MONETARY_OTHER", "suspend"),
            Map.entry("DECISION_PROVISION_PARTIAL_SUSPENSION", "suspend"),
            Map.entry("DECISION_PROVISION_TOTAL_SUSPENSION", "suspend"),
            Map.entry("DECISION_PROVISION_PARTIAL_TERMINATION", "suspend"),
            Map.entry("DECISION_PROVISION_TOTAL_TERMINATION", "ban"),
            Map.entry("DECISION_ACCOUNT_SUSPENDED", "suspend"),
            Map.entry("DECISION_ACCOUNT_TERMINATED", "ban"));
    /** Disposals from lightest to heaviest (the Specification's ladder, domain.md §1). */
    private static final List<String> LADDER = List.of("warning", "correct", "remove_content", "restrict_publishing",
            "close_live_room", "suspend", "ban");
    /** Platforms whose subjects are sellers; all other known ones host creators. */
    private static final Map<String, String> ROLES = Map.of(
            "GOOGLE-SHOPPING", "merchant", "ALIEXPRESS", "merchant", "TIKTOK", "anchor", "PINTEREST", "anchor");

    @Override
    public String source() {
        return "dsa";
    }

    /** Platform key from its name: accents dropped, upper case, other characters as single dashes. */
    public static String platformId(String platformName) {
        String s = Normalizer.normalize(SourceValues.clean(platformName), Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /**
     * Who answers: sellers on Google Shopping and AliExpress (merchant), creators on TikTok and
     * Pinterest (anchor, the closest role to a creator whose content is moderated); for other
     * platforms, merchant when the content type is a product, otherwise anchor.
     */
    public static String subjectRole(String platformId, List<String> contentTypes) {
        return ROLES.getOrDefault(platformId, contentTypes.contains("CONTENT_TYPE_PRODUCT") ? "merchant" : "anchor");
    }

    /**
     * Taxonomy category of the first statement category (the DSA's primary one): IP
     * infringements → V01; unsafe or illegal (2025: prohibited) products, animal welfare, public
     * security → V02; protection of minors → V03; scams and fraud → V04; pornography, illegal or
     * harmful speech, violence, cyber violence, non-consensual behaviour, self-harm → V11; scope of
     * platform service (listing and format rules), consumer information, data protection, civic
     * discourse, other violations of terms and conditions, and "not specified" (notice or order) →
     * V13, the mildest category, as for FDA, so that statements whose type says little do not
     * inflate serious-violation counts.
     *
     * <p>A value not in the published list (a category added after this mapping was written) is
     * returned as written, so the pipeline quarantines the row as UNKNOWN_CATEGORY with the value,
     * and the import report counts it ({@link #unmappedCategory}): its meaning is unknown, and a
     * fallback to V13 would file a possibly serious new kind under the mildest. A blank category is
     * returned blank (MISSING_REQUIRED), for the same reason.
     */
    public static String category(List<String> statementCategories) {
        return statementCategories.stream().findFirst()
                .map(c -> CATEGORIES.getOrDefault(c.replaceFirst("^STATEMENT_CATEGORY_", ""), c))
                .orElse("");
    }

    /** The first statement category when {@link #category} cannot map it (blank excluded), else empty. */
    static java.util.Optional<String> unmappedCategory(List<String> statementCategories) {
        return statementCategories.stream().findFirst()
                .filter(c -> !CATEGORIES.containsKey(c.replaceFirst("^STATEMENT_CATEGORY_", "")));
    }

    /**
     * The heaviest disposal among the decision values, on the ladder warning &lt; correct &lt;
     * remove_content &lt; restrict_publishing &lt; close_live_room &lt; suspend &lt; ban. Content
     * removed or disabled → remove_content; demoted, age- or interaction-restricted, or "other"
     * (in practice: not recommended, limited distribution) → restrict_publishing; labelled →
     * warning; monetary measures, service suspension or partial termination, account suspension →
     * suspend; total termination of service, account terminated → ban.
     *
     * @return the disposal; {@code ""} when there is no decision; an unknown decision value
     *     unchanged (the pipeline quarantines it)
     */
    public static String disposal(List<String> decisions) {
        String heaviest = "";
        for (String d : decisions) {
            String m = DECISIONS.get(d);
            if (m == null) {
                return d;
            }
            if (LADDER.indexOf(m) > LADDER.indexOf(heaviest)) {
                heaviest = m;
            }
        }
        return heaviest;
    }

    /** Values of a cell holding a JSON array ({@code ["A","B"]}) or a single value; blank gives none. */
    static List<String> values(String cell) {
        String c = SourceValues.clean(cell);
        if (c.isEmpty()) {
            return List.of();
        }
        if (c.startsWith("[")) {
            try {
                return Stream.of(JSON.readValue(c, String[].class)).map(SourceValues::clean)
                        .filter(v -> !v.isEmpty()).toList();
            } catch (JsonProcessingException e) {
                return List.of(c);
            }
        }
        return List.of(c);
    }

    @Override
    public AdapterReport adapt(Path input, Path landing) throws IOException {
        try (SourceCsv in = SourceCsv.open(input, source(), LAYOUTS);
             LandingOutput out = new LandingOutput(source(), input, landing, EnumSet.of(Feed.PLATFORMS, Feed.VIOLATIONS))) {
            Map<String, Long> unmapped = new java.util.TreeMap<>();
            for (SourceCsv.Row r; (r = in.next()) != null; ) {
                out.register(Feed.PLATFORMS, row("platform_id", platformId(r.get(PLATFORM)), "name", r.get(PLATFORM)));
                unmappedCategory(values(r.get(CATEGORY))).ifPresent(c -> unmapped.merge(c, 1L, Long::sum));
                out.fact(Feed.VIOLATIONS, violation(r));
            }
            return out.finish(in, unmapped.isEmpty() ? List.of()
                    : List.of("categories not in the mapping, landed as written (quarantined as UNKNOWN_CATEGORY): " + unmapped));
        }
    }

    private static Map<String, String> violation(SourceCsv.Row r) {
        String platformId = platformId(r.get(PLATFORM));
        String subject = r.get(PLATFORM_UID).isEmpty() ? r.get(UUID) : r.get(PLATFORM_UID);
        String automated = SourceValues.yesNo(r.get(AUTOMATED));
        String detected = r.get(APPLICATION_DATE).isEmpty() ? r.get(CONTENT_DATE) : r.get(APPLICATION_DATE);
        List<String> decisions = Stream.of(VISIBILITY, MONETARY, PROVISION, ACCOUNT)
                .flatMap(col -> values(r.get(col)).stream()).toList();
        return row(
                "violation_id", r.get(UUID).isEmpty() ? "" : "dsa-" + r.get(UUID),
                "platform_id", platformId,
                "subject_role", subjectRole(platformId, values(r.get(CONTENT_TYPE))),
                "subject_id", subject.isEmpty() ? "" : "dsa-" + platformId.toLowerCase(Locale.ROOT) + "-" + subject,
                "category", category(values(r.get(CATEGORY))),
                "detected_at", SourceValues.instant(detected, ZoneOffset.UTC),
                "detected_by", switch (automated) {
                    case "true" -> "platform_automated";
                    case "false" -> "platform_patrol";
                    default -> automated;
                },
                "disposal", disposal(decisions),
                "disposed_at", SourceValues.instant(r.get(CREATED), ZoneOffset.UTC),
                "heavier_penalty", "false",
                "status", "confirmed");
    }
}
