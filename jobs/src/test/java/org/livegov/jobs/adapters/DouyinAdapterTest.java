package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.metrics.contract.Feed;

class DouyinAdapterTest {
    static final String FILE = "douyin_live_sessions_2021.csv";
    @TempDir
    Path landing;

    @Test
    void realSessionsLandAsBroadcastsWithAnchorsAndPlatform() throws IOException {
        Path input = RealData.file(FILE);
        AdapterReport report = new DouyinAdapter().adapt(input, landing);

        // python3 -c "import csv;r=list(csv.DictReader(open('douyin_live_sessions_2021.csv')));print(len(r),len({x['Name'] for x in r}))"
        // -> 1224 20
        assertEquals(1224, report.rowsRead());
        assertEquals(0, report.rowsDropped());
        assertEquals(Map.of("platforms", 1L, "anchors", 20L, "broadcasts", 1224L), report.rowsWritten());

        Path file = LandingOutput.target(landing, Feed.BROADCASTS, "douyin", input);
        assertEquals(landing.resolve("broadcasts/douyin-douyin_live_sessions_2021.csv"), file);
        assertEquals(Feed.BROADCASTS.fields().stream().map(f -> f.name()).toList(), RealData.header(file));
        List<Map<String, String>> rows = RealData.read(file);
        assertEquals(1224, rows.stream().map(r -> r.get("broadcast_id")).distinct().count(),
                "host+start collisions must get distinct ids");
        // 6 (host, start) pairs occur twice: python3 -c "import csv,collections;r=csv.DictReader(open(F));
        //   print(sum(1 for v in collections.Counter((x['Name'],x['Start_time']) for x in r).values() if v>1))" -> 6
        assertEquals(6, rows.stream().filter(r -> r.get("broadcast_id").endsWith("-2")).count());
        // Blank sales (a single space in the source) stay blank:
        // python3 -c "...;print(sum(1 for x in r if not x['Total_sales_amount'].strip()))" -> 112
        assertEquals(112, rows.stream().filter(r -> r.get("gmv_cny").isEmpty()).count());
        assertTrue(rows.stream().allMatch(r -> r.get("monitoring").equals("automated")));

        Map<String, String> first = rows.get(0);
        // Source row 1: 2021/8/31 11:53, 13hours46minutes38seconds -> ends 2021-09-01 01:39:38 Beijing.
        assertEquals("dy-host-01-20210831T1153", first.get("broadcast_id"));
        assertEquals("2021-08-31T11:53:00+08:00", first.get("started_at"));
        assertEquals("2021-09-01T01:39:38+08:00", first.get("ended_at"));
        assertEquals("11674555.88", first.get("gmv_cny"));
        assertEquals("140796", first.get("orders"));

        // Sales of host-01 on Beijing day 2021-07-03 (5 sessions, two of them with sales 0):
        // python3 -c "import csv;from decimal import Decimal as D;r=csv.DictReader(open(F));
        //   print(sum(D(x['Total_sales_amount']) for x in r if x['Name']=='host-01'
        //   and x['Start_time'].startswith('2021/7/3 ') and x['Total_sales_amount'].strip()))" -> 15167581.44
        BigDecimal day = rows.stream()
                .filter(r -> r.get("anchor_id").equals("dy-host-01") && !r.get("gmv_cny").isEmpty()
                        && OffsetDateTime.parse(r.get("started_at")).atZoneSameInstant(ZoneId.of("Asia/Shanghai"))
                        .toLocalDate().toString().equals("2021-07-03"))
                .map(r -> new BigDecimal(r.get("gmv_cny"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(new BigDecimal("15167581.44"), day);
        // Whole file: python3 -c "...;print(sum(D(x['Total_sales_amount']) for x in r if x['Total_sales_amount'].strip()))"
        // -> 8546673101.19
        assertEquals(new BigDecimal("8546673101.19"), rows.stream().filter(r -> !r.get("gmv_cny").isEmpty())
                .map(r -> new BigDecimal(r.get("gmv_cny"))).reduce(BigDecimal.ZERO, BigDecimal::add));

        List<Map<String, String>> anchors = RealData.read(landing.resolve("anchors/douyin-douyin_live_sessions_2021.csv"));
        assertEquals(rows.stream().map(r -> r.get("anchor_id")).collect(Collectors.toSet()),
                anchors.stream().map(a -> a.get("anchor_id")).collect(Collectors.toSet()));
        assertTrue(anchors.stream().allMatch(a -> a.get("identity_number").isEmpty() && a.get("platform_id").equals("DY")));
        assertEquals(List.of(Map.of("platform_id", "DY", "name", "抖音", "uscc", "", "updated_at", "")),
                RealData.read(landing.resolve("platforms/douyin-douyin_live_sessions_2021.csv")));
    }

    @Test
    void reimportLandsIdenticalBytes() throws IOException {
        Path input = RealData.file(FILE);
        new DouyinAdapter().adapt(input, landing);
        Path file = landing.resolve("broadcasts/douyin-douyin_live_sessions_2021.csv");
        byte[] first = Files.readAllBytes(file);
        new DouyinAdapter().adapt(input, landing);
        assertArrayEquals(first, Files.readAllBytes(file));
        try (var files = Files.walk(landing)) {
            assertEquals(3, files.filter(Files::isRegularFile).count(), "no temporary files left");
        }
    }

    @Test
    void gbkWithChineseUnitsAndUnparsableValuesPassThrough(@TempDir Path dir) throws IOException {
        Path input = dir.resolve("sessions.csv");
        String text = "Start_time,Duration,Peak_viewers,Views,Number_of_goods_sold,Total_sales_amount,Name\r\n"
                + "2021/6/1 20:00,2小时30分,\"1,200\",1.5万,300,\"￥12,345.60\",薇娅\r\n"
                + "2021/6/2 20:00,about three hours,0,0,0,0,薇娅\r\n"
                + ",,,,,,\r\n";
        Files.writeString(input, text, Charset.forName("GBK"));
        AdapterReport report = new DouyinAdapter().adapt(input, landing);
        assertEquals(3, report.rowsRead());
        assertEquals(Map.of(SourceCsv.BLANK_ROW, 1L), report.dropped());
        List<Map<String, String>> rows = RealData.read(landing.resolve("broadcasts/douyin-sessions.csv"));
        assertEquals("dy-薇娅", rows.get(0).get("anchor_id"));
        assertEquals("2021-06-01T22:30:00+08:00", rows.get(0).get("ended_at"));
        assertEquals("1200", rows.get(0).get("peak_viewers"));
        assertEquals("15000", rows.get(0).get("views"));
        assertEquals("12345.60", rows.get(0).get("gmv_cny"));
        // Not mappable: landed with the offending text, for the pipeline to quarantine (BAD_INSTANT).
        assertEquals("2021/6/2 20:00 + about three hours", rows.get(1).get("ended_at"));
    }
}
