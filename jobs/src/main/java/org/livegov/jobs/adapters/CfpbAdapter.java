package org.livegov.jobs.adapters;

import org.livegov.metrics.ids.CompanyNames;
import static org.livegov.jobs.adapters.LandingOutput.row;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.livegov.metrics.contract.Feed;

/**
 * CFPB consumer complaints (the official 18 fields, with human-readable or snake_case headers:
 * {@link #LAYOUTS}) to {@code complaints}, standing in for
 * complaints about live commerce. The CFPB is one pseudo-platform {@code CFPB}; each company is a
 * merchant keyed {@code cfpb-<}{@link CompanyNames#key normalised name}{@code >}.
 *
 * <ul>
 *   <li>{@code complaint_id} = {@code cfpb-<Complaint ID>}.</li>
 *   <li>{@code category}, {@code kind} from Issue and Sub-issue by {@link #classify}.</li>
 *   <li>{@code received_at} ← Date received, {@code accepted_at} ← Date sent to company (the
 *       CFPB forwarding the complaint is its acceptance). Both are dates only (the API may pad them
 *       with a time, {@code 2023-05-01T12:00:00-05:00}: the date as written is kept): written as the start
 *       of that day in US Eastern time (the CFPB sits in Washington, DC), e.g.
 *       {@code 2023-08-25T00:00:00-04:00}, which is noon or 1 pm of the same date in Beijing, so
 *       day counts in Beijing time keep the US dates.</li>
 *   <li>{@code outcome}, {@code compensated_by} from Company response to consumer by {@link
 *       #outcome} and {@link #compensatedBy}; an unknown response is landed as written.</li>
 *   <li>{@code escalated_12315} ← Consumer disputed? (Yes/No; N/A stays blank).</li>
 *   <li>Not derivable, left blank: {@code first_response_at}, {@code closed_at} (the file only
 *       says whether the company answered within 15 days, not when), {@code compensation_cny},
 *       {@code satisfaction}, {@code broadcast_id}, {@code anchor_id}.</li>
 *   <li>Dropped for privacy: ZIP code, narrative (blank anyway), state, tags, consent.</li>
 * </ul>
 */
public final class CfpbAdapter implements SourceAdapter {
    /** Pseudo-platform key standing for the CFPB. */
    public static final String PLATFORM_ID = "CFPB";
    /** Its register name. */
    public static final String PLATFORM_NAME = "CFPB (US) stand-in";

    private static final String RECEIVED = "date_received";
    private static final String ISSUE = "issue";
    private static final String SUB_ISSUE = "sub_issue";
    private static final String COMPANY = "company";
    private static final String SENT = "date_sent_to_company";
    private static final String RESPONSE = "company_response";
    private static final String DISPUTED = "consumer_disputed";
    private static final String ID = "complaint_id";
    /** The fields read, named as the CFPB API names them; every layout must have all of them. */
    private static final List<String> READ = List.of(RECEIVED, ISSUE, SUB_ISSUE, COMPANY, SENT, RESPONSE, DISPUTED, ID);

    /**
     * The layouts CFPB complaints come in. Both carry the same 18 fields; the adapter reads 8 of
     * them and recognises the rest (product, sub-product, narrative, public response, state, ZIP,
     * tags, consent, submitted via, timely response), which it does not map (class comment).
     */
    static final List<Layout> LAYOUTS = List.of(
            Layout.of("CFPB Consumer Complaint Database CSV (human-readable headers)",
                    "the CFPB's complaints.csv download (consumerfinance.gov/data-research/consumer-complaints),"
                            + " as in shared/data/real/cfpb_complaints_2023_sample.csv",
                    List.of(RECEIVED, "Date received", ISSUE, "Issue", SUB_ISSUE, "Sub-issue", COMPANY, "Company",
                            SENT, "Date sent to company", RESPONSE, "Company response to consumer",
                            DISPUTED, "Consumer disputed?", ID, "Complaint ID"),
                    READ, List.of("Product", "Sub-product", "Consumer complaint narrative", "Company public response",
                            "State", "ZIP code", "Tags", "Consumer consent provided?", "Submitted via", "Timely response?"),
                    List.of("uuuu-MM-dd", "M/d/uuuu")),
            Layout.sameNames("CFPB API (snake_case)",
                    "the field names of the CFPB complaint search API's records, as listed by the R client cfpb.api"
                            + " and a JSON schema of the API's complaint record (docs/adapters.md)",
                    READ, READ, List.of("product", "sub_product", "complaint_what_happened", "company_public_response",
                            "state", "zip_code", "tags", "consumer_consent_provided", "submitted_via", "timely",
                            "has_narrative"),
                    List.of("uuuu-MM-dd'T'HH:mm:ssXXX", "uuuu-MM-dd'T'HH:mm:ss", "uuuu-MM-dd")));

    /** Taxonomy category and complaint kind of a complaint. */
    public record Classification(String category, String kind) {
    }

    private static final Classification OTHER = new Classification("", "other");
    /** Issue rules, first match wins, on "Issue / Sub-issue" in lower case. */
    private static final List<Map.Entry<Pattern, Classification>> ISSUE_RULES = List.of(
            Map.entry(Pattern.compile("advertis|marketing|promotional|false statements|misrepresent"),
                    new Classification("V04", "publicity")),
            Map.entry(Pattern.compile("\\bfees?\\b|\\binterest\\b|\\bapr\\b|overcharged|wrong amount"),
                    new Classification("V06", "publicity")),
            Map.entry(Pattern.compile("disclosure"), new Classification("V13", "other")));

    /** Company response → {outcome, compensated_by}. */
    private static final Map<String, List<String>> RESPONSES = Map.of(
            "closed with monetary relief", List.of("resolved", "merchant"),
            "closed with non-monetary relief", List.of("resolved", "none"),
            "closed with relief", List.of("resolved", ""),
            "closed with explanation", List.of("partially_resolved", "none"),
            "closed without relief", List.of("unresolved", "none"),
            "closed", List.of("partially_resolved", ""),
            "in progress", List.of("pending", ""),
            "untimely response", List.of("pending", ""));

    /** {@code merchants.licence_displayed}: required by the contract, not in the source ({@link CompanyRegister}). */
    @Override
    public Map<Feed, List<String>> assumed() {
        return Map.of(Feed.MERCHANTS, List.of("licence_displayed"));
    }

    @Override
    public String source() {
        return "cfpb";
    }

    /**
     * Category and kind from the CFPB issue: advertising, marketing, promotional offers or false
     * statements → V04 (publicity); fees, interest, APR, overcharging or wrong amounts → V06
     * (publicity); missing or confusing disclosures → V13 (kind other: V13 is a conduct category);
     * anything else (credit reports, debt collection, account handling…) → no category, kind other.
     */
    public static Classification classify(String issue, String subIssue) {
        String text = (SourceValues.clean(issue) + " / " + SourceValues.clean(subIssue)).toLowerCase(Locale.ROOT);
        return ISSUE_RULES.stream().filter(e -> e.getKey().matcher(text).find())
                .map(Map.Entry::getValue).findFirst().orElse(OTHER);
    }

    /**
     * Outcome from the company response: closed with (monetary or non-monetary) relief → resolved;
     * closed with explanation → partially_resolved (an answer, no remedy); closed without relief →
     * unresolved; plain "Closed" (older records) → partially_resolved; in progress or untimely →
     * pending; blank → blank; anything else is returned unchanged.
     */
    public static String outcome(String response) {
        String r = SourceValues.clean(response);
        List<String> m = RESPONSES.get(r.toLowerCase(Locale.ROOT));
        return m == null ? r : m.get(0);
    }

    /**
     * Who paid: monetary relief → merchant; non-monetary relief, explanation or no relief → none;
     * otherwise unknown (blank).
     */
    public static String compensatedBy(String response) {
        List<String> m = RESPONSES.get(SourceValues.clean(response).toLowerCase(Locale.ROOT));
        return m == null ? "" : m.get(1);
    }

    @Override
    public AdapterReport adapt(Path input, Path landing) throws IOException {
        try (SourceCsv in = SourceCsv.open(input, source(), LAYOUTS);
             LandingOutput out = new LandingOutput(source(), input, landing,
                     EnumSet.of(Feed.PLATFORMS, Feed.MERCHANTS, Feed.COMPLAINTS))) {
            out.register(Feed.PLATFORMS, row("platform_id", PLATFORM_ID, "name", PLATFORM_NAME));
            CompanyRegister merchants = new CompanyRegister();
            for (SourceCsv.Row r; (r = in.next()) != null; ) {
                String key = CompanyNames.key(r.get(COMPANY));
                String merchantId = key.isEmpty() ? "" : "cfpb-" + key;
                merchants.add(merchantId, r.get(COMPANY));
                Classification c = classify(r.get(ISSUE), r.get(SUB_ISSUE));
                String id = r.get(ID);
                out.fact(Feed.COMPLAINTS, row(
                        "complaint_id", id.isEmpty() ? "" : "cfpb-" + id,
                        "platform_id", PLATFORM_ID,
                        "merchant_id", merchantId,
                        "category", c.category(),
                        "kind", c.kind(),
                        "received_at", r.usDate(RECEIVED),
                        "accepted_at", r.usDate(SENT),
                        "outcome", outcome(r.get(RESPONSE)),
                        "compensated_by", compensatedBy(r.get(RESPONSE)),
                        "escalated_12315", SourceValues.yesNo(r.get(DISPUTED))));
            }
            merchants.registerAll(out, PLATFORM_ID);
            return out.finish(in, List.of());
        }
    }
}
