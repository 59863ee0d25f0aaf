package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.UserError;
import picocli.CommandLine;

/** Reading dialects, the registry, the report line and the import command. */
@Tag("slow")
class AdapterPlumbingTest {
    @TempDir
    Path dir;

    @Test
    void readsBomCrlfQuotedJsonAndCountsDroppedRows() throws IOException {
        Path f = dir.resolve("in.csv");
        Files.write(f, ("\uFEFFid,Tags , extra\r\n"
                + "1,\"[\"\"A\"\",\"\"B, C\"\"]\",x\r\n"
                + "\r\n"
                + ",, \r\n"
                + "2,short\r\n"
                + "3,a,b,overflow\r\n"
                + "4,a,b,\r\n").getBytes(StandardCharsets.UTF_8));
        // header names match trimmed and case-insensitively: "ID" finds "id", "tags" finds "Tags "
        Layout layout = Layout.of("test layout", "this test", List.of("id", "ID", "tags", "tags", "extra", "extra"),
                List.of("id", "tags"), List.of(), List.of());
        try (SourceCsv in = SourceCsv.open(f, "test", List.of(layout))) {
            assertEquals(List.of(), in.layout().ignored());
            SourceCsv.Row r = in.next();
            assertEquals("1", r.get("id"));
            assertEquals("[\"A\",\"B, C\"]", r.get("tags"));
            assertEquals(List.of("A", "B, C"), DsaAdapter.values(r.get("tags")));
            assertEquals("", in.next().get("extra"), "short row padded");
            assertEquals("4", in.next().get("id"), "blank trailing extra cell is fine");
            assertNull(in.next());
            assertEquals(6, in.rowsRead());
            assertEquals(Map.of(SourceCsv.BLANK_ROW, 2L, SourceCsv.TOO_MANY_CELLS, 1L), in.dropped());
        }
    }

    @Test
    void wrongFileForTheSourceIsAUserError() throws IOException {
        Path products = dir.resolve("douyin_live_products_2021.csv");
        Files.writeString(products, "Item_Id,Goods_category,Name\n1,3C digital products,host-01\n");
        UserError e = assertThrows(UserError.class, () -> new DouyinAdapter().adapt(products, dir.resolve("landing")));
        // the products header has Name only of the session layout's 7 read columns
        assertEquals("douyin: header of " + products + " matches no known layout; closest is \"Douyin analytics export,"
                + " live sessions\": missing [Start_time, Duration, Peak_viewers, Views, Number_of_goods_sold,"
                + " Total_sales_amount], unexpected [Item_Id, Goods_category]", e.getMessage());
        try (var files = Files.walk(dir)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "nothing landed");
        }
        Files.writeString(products, "");
        assertThrows(UserError.class, () -> new DouyinAdapter().adapt(products, dir.resolve("landing")));
    }

    @Test
    void registryAndReportLine() {
        assertEquals(List.of("douyin", "cfpb", "fda", "dsa"), Adapters.names());
        assertEquals("fda", Adapters.byName(" FDA ").source());
        UserError e = assertThrows(UserError.class, () -> Adapters.byName("tmall"));
        assertEquals("unknown source 'tmall'; valid sources: douyin, cfpb, fda, dsa", e.getMessage());
        AdapterReport r = new AdapterReport("dsa", Path.of("x.csv"), 5, Map.of("violations", 4L, "platforms", 1L),
                Map.of(SourceCsv.BLANK_ROW, 1L));
        assertEquals("dsa x.csv: read 5, wrote platforms=1 violations=4, dropped 1 (blank_row=1)", r.toLine());
    }

    @Test
    void importCommandLandsFilesAndNamesMissingInput() throws IOException {
        Path input = dir.resolve("letters.csv");
        Files.writeString(input, "url,posted_date,letter_date,company,issuing_office,subject\r\n"
                + "/x/acme-1,03/17/2026,03/12/2026,\"Acme, Inc.\",CDER,CGMP/Adulterated\r\n");
        Path landing = dir.resolve("landing");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LiveGov.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));

        assertEquals(0, cl.execute("import", "--source", "fda", "--no-run", "--landing", landing.toString(), input.toString()));
        assertEquals("fda " + input + ": read 1, wrote merchants=1 platforms=1 violations=1, dropped 0;"
                + " layout \"FDA warning letters, scraped listing (url, posted_date, ...)\"", out.toString().strip());
        assertTrue(Files.isRegularFile(landing.resolve("violations/fda-letters.csv")));

        Path missing = dir.resolve("nope.csv");
        assertEquals(1, cl.execute("import", "--source", "fda", "--no-run", "--landing", landing.toString(),
                input.toString(), missing.toString()));
        assertEquals("livegov: cannot read input file " + missing, err.toString().strip());
        assertEquals(2, cl.execute("import", "--no-run", input.toString()), "--source is required");
    }
}
