package org.livegov.jobs.adapters;

import static org.livegov.jobs.adapters.LandingOutput.row;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.livegov.metrics.contract.Feed;

/**
 * Douyin live-commerce sessions ({@code douyin_live_sessions_2021.csv}: one row per session of a
 * host, exported from a commercial Douyin analytics site) to {@code broadcasts}, with the
 * platform {@code DY} and one anchor per host in the registers.
 *
 * <ul>
 *   <li>{@code anchor_id} = {@code dy-<host>}; {@code account_id} = the host pseudonym. The file
 *       has no identity number, phone or birth date, so the anchor rows carry none.</li>
 *   <li>{@code broadcast_id} = {@code dy-<host>-<start yyyyMMdd'T'HHmm>}; the file has six pairs
 *       of sessions of one host starting in the same minute (a seconds-long restart), so the
 *       second, third… occurrence in file order gets {@code -2}, {@code -3}….</li>
 *   <li>{@code started_at} = Start_time read as Beijing time, written with {@code +08:00};
 *       {@code ended_at} = start + Duration ({@link SourceValues#duration}). When either cannot be
 *       read, ended_at carries {@code "<Start_time> + <Duration>"} so the row is quarantined as a
 *       bad instant with the offending text.</li>
 *   <li>{@code peak_viewers} ← Peak_viewers, {@code views} ← Views, {@code orders} ←
 *       Number_of_goods_sold (items sold: the closest the file has to orders), {@code gmv_cny} ←
 *       Total_sales_amount (blank stays blank).</li>
 *   <li>{@code monitoring} = {@code automated}: an assumption (Douyin screens every live room
 *       automatically); the file says nothing about monitoring, so the release reads it as not
 *       reported ({@link #assumed()}).</li>
 *   <li>{@code recording_retained_until}, {@code updated_at}: unknown, blank.</li>
 * </ul>
 * The companion products file has no session or date, so it is not used.
 */
public final class DouyinAdapter implements SourceAdapter {
    /** Platform key of Douyin. */
    public static final String PLATFORM_ID = "DY";
    /** Register name of Douyin. */
    public static final String PLATFORM_NAME = "抖音";
    /** Monitoring written for every session (assumption, see class comment). */
    public static final String MONITORING = "automated";

    private static final String START = "Start_time";
    private static final String DURATION = "Duration";
    private static final String PEAK = "Peak_viewers";
    private static final String VIEWS = "Views";
    private static final String GOODS_SOLD = "Number_of_goods_sold";
    private static final String SALES = "Total_sales_amount";
    private static final String HOST = "Name";
    private static final List<String> READ = List.of(START, DURATION, PEAK, VIEWS, GOODS_SOLD, SALES, HOST);

    /** The one layout known: the analytics site's session export, as in shared/data/real. */
    static final List<Layout> LAYOUTS = List.of(Layout.sameNames("Douyin analytics export, live sessions",
            "shared/data/real/douyin_live_sessions_2021.csv (GitHub meganzhou62/tiktok_livesale), exported from a"
                    + " commercial Douyin analytics site; no published field reference",
            READ, READ, List.of("Session_id", "Gifts_from_viewers", "Number_of_products", "Average_number_of_online_viewers",
                    "Number_of_likes", "Number_of_new_followers", "Fan Conversion Ratio", "Number_of_new_fans",
                    "Per_customer_transaction", "UV", "Sales_conversion_value_ratio", "Average_length_of_stay",
                    "Host_category", "Occupation"), List.of()));
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm");

    /** {@code broadcasts.monitoring}: required by the contract, absent from the file. */
    @Override
    public Map<Feed, List<String>> assumed() {
        return Map.of(Feed.BROADCASTS, List.of("monitoring"));
    }

    @Override
    public String source() {
        return "douyin";
    }

    @Override
    public AdapterReport adapt(Path input, Path landing) throws IOException {
        try (SourceCsv in = SourceCsv.open(input, source(), LAYOUTS);
             LandingOutput out = new LandingOutput(source(), input, landing,
                     EnumSet.of(Feed.PLATFORMS, Feed.ANCHORS, Feed.BROADCASTS))) {
            out.register(Feed.PLATFORMS, row("platform_id", PLATFORM_ID, "name", PLATFORM_NAME));
            Map<String, Integer> seen = new HashMap<>();
            for (SourceCsv.Row r; (r = in.next()) != null; ) {
                String host = r.get(HOST);
                String anchorId = host.isEmpty() ? "" : "dy-" + host;
                out.register(Feed.ANCHORS, row("anchor_id", anchorId, "platform_id", PLATFORM_ID, "account_id", host));

                Optional<LocalDateTime> start = SourceValues.localDateTime(r.get(START));
                Optional<Duration> duration = SourceValues.duration(r.get(DURATION));
                String base = "dy-" + host + "-"
                        + start.map(ID_TIME::format).orElse(r.get(START).replaceAll("[^0-9A-Za-z]", "_"));
                int n = seen.merge(base, 1, Integer::sum);
                String endedAt = start.isPresent() && duration.isPresent()
                        ? SourceValues.instant(start.get().atZone(SourceValues.BEIJING).plus(duration.get()))
                        : r.get(DURATION).isEmpty() ? "" : r.get(START) + " + " + r.get(DURATION);
                out.fact(Feed.BROADCASTS, row(
                        "broadcast_id", n == 1 ? base : base + "-" + n,
                        "platform_id", PLATFORM_ID,
                        "anchor_id", anchorId,
                        "started_at", SourceValues.instant(r.get(START), SourceValues.BEIJING),
                        "ended_at", endedAt,
                        "peak_viewers", SourceValues.count(r.get(PEAK)),
                        "views", SourceValues.count(r.get(VIEWS)),
                        "orders", SourceValues.count(r.get(GOODS_SOLD)),
                        "gmv_cny", SourceValues.money(r.get(SALES)),
                        "monitoring", MONITORING));
            }
            return out.finish(in, List.of());
        }
    }
}
