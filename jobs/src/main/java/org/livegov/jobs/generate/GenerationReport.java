package org.livegov.jobs.generate;

import java.util.List;
import java.util.Map;

/**
 * What {@link DemoGenerator} wrote, also saved as {@code <landing>/_generator-report.json}.
 * Downstream tests compare the pipeline's quarantine and deduplication with these counts. The
 * report holds no timing, so it is as deterministic as the files.
 *
 * <p>Row kinds, per feed: {@code rows = records + malformed + duplicates + corrections}.
 *
 * @param scale           {@code small} or {@code national}
 * @param seed            the seed
 * @param from            first Beijing day of facts (ISO date)
 * @param to              last Beijing day of facts (ISO date)
 * @param registers       true when registers, violation history and planted repeat offenders were written
 * @param historyFrom     first day of the violation history file, null without registers
 * @param exportedAt      the feeds are an extract taken at this instant (ISO-8601, UTC): no instant
 *                        in any file is later; complaint and violation lifecycles that would end
 *                        later are left open. Run the pipeline with a cut-off at or after it.
 * @param feeds           counts per feed name, in contract order
 * @param malformedByReason malformed rows over all feeds per {@code ReasonCode} name
 * @param files           every file written, sorted by path
 * @param calibration     realised shapes of the world (heavy tail, persons, GMV)
 * @param repeatOffenders planted and realised repeat offenders
 */
public record GenerationReport(String scale, long seed, String from, String to, boolean registers,
                               String historyFrom, String exportedAt,
                               Map<String, FeedCounts> feeds, Map<String, Long> malformedByReason,
                               List<FileEntry> files, Calibration calibration,
                               RepeatOffenders repeatOffenders) {

    /**
     * Counts of one feed.
     *
     * @param rows              data rows written (header rows not counted)
     * @param records           distinct valid keys (each record's first version)
     * @param malformed         rows that must be quarantined, each with exactly one defect and a
     *                          key of its own
     * @param malformedByReason the same per {@code ReasonCode} name
     * @param duplicates        exact copies of an earlier row, re-sent in a later file
     * @param corrections       later versions of a record: same key, later {@code updated_at},
     *                          changed content, in a later file
     * @param late              records whose first version lands in a day file 1-5 days after
     *                          its event day (facts only)
     * @param files             files written for the feed
     */
    public record FeedCounts(long rows, long records, long malformed, Map<String, Long> malformedByReason,
                             long duplicates, long corrections, long late, int files) {
    }

    /**
     * One file written.
     *
     * @param path       relative to the landing folder, with {@code /}, e.g.
     *                   {@code broadcasts/broadcasts-2026-04-01.csv}
     * @param feed       feed name
     * @param format     {@code csv} or {@code jsonl}
     * @param encoding   {@code UTF-8}, {@code UTF-8-BOM} or {@code GB18030}
     * @param lineEnding {@code LF} or {@code CRLF}
     * @param rows       data rows (without the CSV header)
     * @param bytes      file size
     */
    public record FileEntry(String path, String feed, String format, String encoding, String lineEnding,
                            long rows, long bytes) {
    }

    /**
     * Realised shapes.
     *
     * @param mcns                   MCNs in the register
     * @param topMcns                the top 1 % of MCNs ({@code max(1, floor(mcns/100))})
     * @param topMcnShare            share of contracted anchors (contract valid on 2026-06-30) they hold
     * @param zipfExponent           exponent of the MCN size distribution
     * @param contractedAnchors      anchors with a contract valid on 2026-06-30
     * @param mcnMovers              anchors that change MCN during 2026Q2
     * @param anchors                anchor accounts
     * @param persons                distinct persons behind them
     * @param personsWithTwoAccounts persons with accounts on two platforms (same identity number)
     * @param under16Anchors         anchors under 16 during 2026Q2
     * @param merchants              merchant shops
     * @param companiesWithTwoShops  companies (USCC) with shops on two platforms
     * @param broadcasts             valid broadcasts written
     * @param gmvTotalCny            their total GMV (first versions), CNY with two decimals
     * @param broadcastQuantiles     quantiles (p10, p50, p90, p99) of duration hours, peak viewers,
     *                               views and non-blank GMV (CNY) over all valid broadcasts, from a
     *                               uniform sample of at most 100,000
     */
    public record Calibration(int mcns, int topMcns, double topMcnShare, double zipfExponent,
                              long contractedAnchors, int mcnMovers, int anchors, int persons,
                              int personsWithTwoAccounts, int under16Anchors, int merchants,
                              int companiesWithTwoShops, long broadcasts, String gmvTotalCny,
                              Map<String, Map<String, Double>> broadcastQuantiles) {
    }

    /**
     * Repeat offenders: subjects with 3 or more serious violations (effective severity S3 or S4,
     * final status confirmed) detected within the 24 months ending on {@code to}. Anchors add up
     * per person (identity number, across platforms), merchants per company (USCC, across
     * platforms).
     *
     * @param windowFrom       first day of the window
     * @param windowTo         last day of the window ({@code to})
     * @param plantedPersons   planted persons: the anchor ids of their two accounts and the
     *                         number of serious violations planted (no single account has 3)
     * @param plantedCompanies planted companies: USCC, merchant ids of their two shops, violations
     * @param inData           subjects meeting the rule in the data, planted or not, by kind:
     *                         {@code person}, {@code anchor} (no identity number), {@code company},
     *                         {@code merchant} (no USCC), {@code mcn}, {@code platform}
     */
    public record RepeatOffenders(String windowFrom, String windowTo, List<PlantedPerson> plantedPersons,
                                  List<PlantedCompany> plantedCompanies, Map<String, Long> inData) {
    }

    /** A planted repeat-offending person. */
    public record PlantedPerson(List<String> anchorIds, int violations) {
    }

    /** A planted repeat-offending company. */
    public record PlantedCompany(String uscc, List<String> merchantIds, int violations) {
    }
}
