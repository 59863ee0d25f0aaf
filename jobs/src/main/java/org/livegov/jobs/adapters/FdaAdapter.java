package org.livegov.jobs.adapters;

import org.livegov.metrics.ids.CompanyNames;
import static org.livegov.jobs.adapters.LandingOutput.row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.livegov.metrics.contract.Feed;

/**
 * FDA warning letters, in either of the layouts in {@link #LAYOUTS} (the scraped listing with
 * url, posted_date, letter_date, company, issuing_office, subject; or the FDA page's download with
 * Posted Date, Letter Issue Date, Company Name, Issuing Office, Subject, Response Letter, Closeout
 * Letter) to {@code violations} detected by a regulator, standing in for market-supervision findings. The FDA
 * is one pseudo-platform {@code FDA-OFFLINE}; each company is a merchant keyed
 * {@code fda-<}{@link CompanyNames#key normalised legal name}{@code >}.
 *
 * <ul>
 *   <li>{@code violation_id} = {@link #letterId} {@code fda-<company key>-<letter date yyyyMMdd>}.
 *       The scraped file has 44 letters beyond the first to one key on one date (several letters
 *       of one day to one firm, tobacco retailers' outlets): they get {@code -2}, {@code -3}… in
 *       the order of posted date, subject, issuing office and company as written, not in file
 *       order, so the same letters get the same ids whatever order a file lists them in (letters
 *       equal in all four land as equal rows, so which of them gets which suffix does not show).
 *       The same letter has the same id in both layouts.</li>
 *   <li>{@code subject_role} merchant, {@code subject_id} the merchant key, {@code subject_name}
 *       the company as written (d/b/a part included).</li>
 *   <li>{@code category}, {@code severity} from the subject by {@link #classify}.</li>
 *   <li>{@code detected_at} = {@code disposed_at} ← letter_date: the letter is both the finding
 *       of record and the measure; {@code updated_at} ← posted_date. Dates are written as the
 *       start of the day in US Eastern time (see {@link CfpbAdapter}).</li>
 *   <li>{@code detected_by} regulator, {@code disposal} warning, {@code heavier_penalty} false
 *       (a warning letter is not a penalty), {@code status} confirmed.</li>
 *   <li>Lost: the url (the download has none, see {@link #letterId}), the issuing office (no contract
 *       field; written two ways in the scraped file; used only to order letters of one id), Response Letter and Closeout Letter: a firm's
 *       response or the FDA's close-out (its check that the firm corrected the violations) does not
 *       undo the violation, so {@code status} stays confirmed and the row is the same in both
 *       layouts.</li>
 * </ul>
 */
public final class FdaAdapter implements SourceAdapter {
    /** Pseudo-platform key standing for the FDA's (offline) market. */
    public static final String PLATFORM_ID = "FDA-OFFLINE";
    /** Its register name. */
    public static final String PLATFORM_NAME = "FDA warning letters (US) stand-in, offline";

    private static final String POSTED = "posted_date";
    private static final String LETTER = "letter_date";
    private static final String COMPANY = "company";
    private static final String SUBJECT = "subject";
    private static final String OFFICE = "issuing_office";
    private static final List<String> REQUIRED = List.of(POSTED, LETTER, COMPANY, SUBJECT);

    /**
     * The layouts the FDA's warning letters come in; both read the same four fields, with dates as
     * {@code MM/dd/yyyy} (one-digit month and day accepted). Columns they have that the adapter does
     * not read: the letter's url, the issuing office, and the response and close-out letter columns
     * (see the class comment).
     */
    static final List<Layout> LAYOUTS = List.of(
            Layout.of("FDA warning letters, scraped listing (url, posted_date, ...)",
                    "shared/data/real/fda_warning_letters_2021_2026.csv, from GitHub ilanafadida-hub/FDA-warning-letterss,"
                            + " data/warning_letters.csv: the FDA listing's columns in snake_case, with each letter's url",
                    List.of(POSTED, "posted_date", LETTER, "letter_date", COMPANY, "company", SUBJECT, "subject",
                            OFFICE, "issuing_office"),
                    REQUIRED, List.of("url"), List.of("M/d/uuuu")),
            Layout.of("FDA Warning Letters page download",
                    "the column headings of the FDA's Warning Letters page (fda.gov, Inspections, Compliance,"
                            + " Enforcement, and Criminal Investigations > Warning Letters) as issue 18 names them;"
                            + " no download was made and no published field reference was found",
                    List.of(POSTED, "Posted Date", LETTER, "Letter Issue Date", COMPANY, "Company Name", SUBJECT, "Subject",
                            OFFICE, "Issuing Office"),
                    REQUIRED, List.of("Response Letter", "Closeout Letter"), List.of("M/d/uuuu")));

    /** Taxonomy category and severity ({@code ""} = the taxonomy's default for the category). */
    public record Classification(String category, String severity) {
    }

    /** Default for subjects no rule matches: research, records and reporting duties. */
    public static final Classification DEFAULT = new Classification("V13", "");
    /** Subject rules, first match wins, searched in the lower-cased subject. */
    private static final List<Map.Entry<Pattern, Classification>> SUBJECT_RULES = List.of(
            rule("tobacco", "V12", ""),
            rule("false (?:&|and) misleading|deceptive|advertising|promotional|marketing of", "V04", "s4"),
            rule("cgmp", "V02", ""),
            rule("unapproved|unlawful sale|misbranded drugs|coronavirus|covid|influenza|unlicensed biological"
                    + "|(?<!investigational )new (?:animal )?drug", "V04", "s4"),
            rule("label|allergen", "V13", ""),
            rule("adulterat|insanitary|haccp|fsvp|foreign supplier|botulism|residue|egg|infant|dietary supplement"
                    + "|food|feed|drinking water|device|premarket|qsr|hct/p|biologic|blood", "V02", ""),
            rule("regist|\\blist", "V08", ""));

    private static Map.Entry<Pattern, Classification> rule(String regex, String category, String severity) {
        return Map.entry(Pattern.compile(regex), new Classification(category, severity));
    }

    /** {@code merchants.licence_displayed}: required by the contract, not in the source ({@link CompanyRegister}). */
    @Override
    public Map<Feed, List<String>> assumed() {
        return Map.of(Feed.MERCHANTS, List.of("licence_displayed"));
    }

    @Override
    public String source() {
        return "fda";
    }

    /**
     * Category from the letter's subject, first matching rule in this order:
     * <ol>
     *   <li>tobacco (Tobacco Control Act) → V12;</li>
     *   <li>false or misleading claims, deceptive marketing, advertising, promotional labelling,
     *       internet marketing of drugs → V04, s4 (health claims);</li>
     *   <li>CGMP (manufacturing practice) → V02;</li>
     *   <li>unapproved or new drugs, unlawful internet sales, COVID-19/influenza products,
     *       unlicensed biologics → V04, s4 (selling a drug on unapproved health claims);</li>
     *   <li>labelling, allergens → V13;</li>
     *   <li>adulteration, insanitary conditions, HACCP, FSVP, foods, supplements, infant formula,
     *       devices, biologics, blood → V02;</li>
     *   <li>failure to register or list → V08;</li>
     *   <li>otherwise (clinical investigators, IRBs, GLP, records access, reporting) →
     *       {@link #DEFAULT} V13: procedural and disclosure duties, the mildest category, so that
     *       unmapped letters do not inflate serious-violation counts.</li>
     * </ol>
     */
    public static Classification classify(String subject) {
        String s = SourceValues.clean(subject).toLowerCase(Locale.ROOT);
        return SUBJECT_RULES.stream().filter(e -> e.getKey().matcher(s).find())
                .map(Map.Entry::getValue).findFirst().orElse(DEFAULT);
    }

    /**
     * The letter's id from what every layout has: {@code fda-<company key>-<letter date yyyyMMdd>},
     * e.g. {@code fda-patcos-cosmetics-20260312}. The FDA's download has no url, so the url's letter
     * number cannot be the id; taking the id from the company and the letter date makes the same
     * letter one id in every layout, so importing both files gives one violation, not two. When the
     * date cannot be read, its digits stand in ({@code fda-acme-2026312} for {@code 2026-3-12}).
     */
    static String letterId(String companyKey, String letterDate) {
        String day = SourceValues.date(letterDate).map(d -> d.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE))
                .orElse(SourceValues.clean(letterDate).replaceAll("[^0-9]", ""));
        return "fda-" + companyKey + "-" + day;
    }

    @Override
    public AdapterReport adapt(Path input, Path landing) throws IOException {
        try (SourceCsv in = SourceCsv.open(input, source(), LAYOUTS);
             LandingOutput out = new LandingOutput(source(), input, landing,
                     EnumSet.of(Feed.PLATFORMS, Feed.MERCHANTS, Feed.VIOLATIONS))) {
            out.register(Feed.PLATFORMS, row("platform_id", PLATFORM_ID, "name", PLATFORM_NAME));
            CompanyRegister merchants = new CompanyRegister();
            List<Map<String, String>> letters = new ArrayList<>();
            Map<String, List<Integer>> byBase = new HashMap<>();
            List<String> order = new ArrayList<>();
            for (SourceCsv.Row r; (r = in.next()) != null; ) {
                String key = CompanyNames.key(r.get(COMPANY));
                String merchantId = key.isEmpty() ? "" : "fda-" + key;
                merchants.add(merchantId, r.get(COMPANY));
                String letterDate = r.usDate(LETTER);
                Classification c = classify(r.get(SUBJECT));
                byBase.computeIfAbsent(letterId(key, r.get(LETTER)), b -> new ArrayList<>()).add(letters.size());
                order.add(String.join("\u0000", r.usDate(POSTED), r.get(SUBJECT), r.get(OFFICE), r.get(COMPANY)));
                letters.add(row(
                        "violation_id", "",
                        "platform_id", PLATFORM_ID,
                        "subject_role", "merchant",
                        "subject_id", merchantId,
                        "subject_name", r.get(COMPANY),
                        "category", c.category(),
                        "severity", c.severity(),
                        "detected_at", letterDate,
                        "detected_by", "regulator",
                        "disposal", "warning",
                        "disposed_at", letterDate,
                        "heavier_penalty", "false",
                        "status", "confirmed",
                        "updated_at", r.usDate(POSTED)));
            }
            byBase.forEach((base, rows) -> {
                List<Integer> ranked = rows.stream().sorted(Comparator.comparing(order::get)).toList();
                for (int n = 0; n < ranked.size(); n++) {
                    letters.get(ranked.get(n)).put("violation_id", n == 0 ? base : base + "-" + (n + 1));
                }
            });
            for (Map<String, String> letter : letters) {
                out.fact(Feed.VIOLATIONS, letter);
            }
            merchants.registerAll(out, PLATFORM_ID);
            return out.finish(in, List.of());
        }
    }
}
