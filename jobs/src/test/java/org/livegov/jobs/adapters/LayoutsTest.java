package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.LiveGov;
import org.livegov.jobs.UserError;
import picocli.CommandLine;

/**
 * Every accepted layout through {@code livegov import --no-run}, on the excerpts in
 * {@code src/test/resources/layouts} (README there: real rows, re-headed for the second layout of
 * a source). Counts are those of the excerpts, worked out by hand in the comments.
 */
class LayoutsTest {
    static final Path EXCERPTS = Path.of("src/test/resources/layouts");

    @TempDir
    Path dir;

    /** Runs {@code import --no-run} and returns its one output line; fails on a non-zero exit. */
    static String importLine(String source, Path file, Path landing) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LiveGov.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute("import", "--source", source, "--no-run", "--landing", landing.toString(),
                file.toString()), err::toString);
        return out.toString().strip();
    }

    @Test
    void fdaBothLayoutsLandTheSameRows() throws IOException {
        Path scraped = EXCERPTS.resolve("fda_scraped_listing.csv");
        Path download = EXCERPTS.resolve("fda_page_download.csv");
        Path landing = dir.resolve("landing");
        // 5 letters; companies Patcos, Apothecary, OraLabs, Alohma (2 letters) -> 4 merchants; 1 platform
        assertEquals("fda " + scraped + ": read 5, wrote merchants=4 platforms=1 violations=5, dropped 0;"
                + " layout \"FDA warning letters, scraped listing (url, posted_date, ...)\"", importLine("fda", scraped, landing));
        assertEquals("fda " + download + ": read 5, wrote merchants=4 platforms=1 violations=5, dropped 0;"
                + " layout \"FDA Warning Letters page download\"", importLine("fda", download, landing));

        for (String feed : List.of("violations", "merchants", "platforms")) {
            assertEquals(RealData.read(landing.resolve(feed + "/fda-fda_scraped_listing.csv")),
                    RealData.read(landing.resolve(feed + "/fda-fda_page_download.csv")), feed);
        }
        List<Map<String, String>> v = RealData.read(landing.resolve("violations/fda-fda_page_download.csv"));
        // "Patcos Cosmetics Pvt. Ltd.", letter 03/12/2026, posted 03/17/2026 (EDT from 8 March 2026: -04:00)
        assertEquals(List.of("fda-patcos-cosmetics-20260312", "fda-patcos-cosmetics", "2026-03-12T00:00:00-04:00",
                        "2026-03-17T00:00:00-04:00"),
                List.of(v.get(0).get("violation_id"), v.get(0).get("subject_id"), v.get(0).get("detected_at"),
                        v.get(0).get("updated_at")));
        // Apothecary: letter 12/01/2025, winter time -05:00
        assertEquals("2025-12-01T00:00:00-05:00", v.get(1).get("detected_at"));
        // the two Alohma letters: one company key, two ids by letter date (07/24/2025, 07/10/2025)
        assertEquals(List.of("fda-alohma-20250724", "fda-alohma-20250710"),
                List.of(v.get(3).get("violation_id"), v.get(4).get("violation_id")));
        assertEquals(List.of("fda-alohma", "fda-alohma"), List.of(v.get(3).get("subject_id"), v.get(4).get("subject_id")));
    }

    @Test
    void lettersOfOneCompanyAndDayGetTheirSuffixByContentNotFileOrder() throws IOException {
        // two letters to "Acme, Inc." dated 09/09/2025: subjects "B-subject" and "A-subject"; ranked by
        // posted date (equal), then subject: A-subject -> fda-acme-20250909, B-subject -> ...-2
        String header = "Posted Date,Letter Issue Date,Company Name,Issuing Office,Subject,Response Letter,Closeout Letter\n";
        String b = "09/10/2025,09/09/2025,\"Acme, Inc.\",CDER,B-subject,,\n";
        String a = "09/10/2025,09/09/2025,\"Acme, Inc.\",CDER,A-subject,,\n";
        Path ab = dir.resolve("ab.csv");
        Path ba = dir.resolve("ba.csv");
        Files.writeString(ab, header + a + b);
        Files.writeString(ba, header + b + a);
        Path landing = dir.resolve("landing");
        new FdaAdapter().adapt(ab, landing);
        new FdaAdapter().adapt(ba, landing);
        for (String f : List.of("ab", "ba")) {
            Map<String, String> ids = new java.util.TreeMap<>();
            // the landed rows keep file order; the subject is not landed, so pair ids with the file's subjects
            List<Map<String, String>> v = RealData.read(landing.resolve("violations/fda-" + f + ".csv"));
            List<String> subjects = f.equals("ab") ? List.of("A-subject", "B-subject") : List.of("B-subject", "A-subject");
            for (int i = 0; i < 2; i++) {
                ids.put(subjects.get(i), v.get(i).get("violation_id"));
            }
            assertEquals(Map.of("A-subject", "fda-acme-20250909", "B-subject", "fda-acme-20250909-2"), ids, f);
        }
    }

    @Test
    void cfpbHumanAndSnakeCaseHeadersLandTheSameRows() throws IOException {
        Path human = EXCERPTS.resolve("cfpb_human_headers.csv");
        Path api = EXCERPTS.resolve("cfpb_api_snake_case.csv");
        Path landing = dir.resolve("landing");
        // 5 complaints; companies EQUIFAX (2), Bread Financial, CITIBANK, WELLS FARGO -> 4 merchants
        assertEquals("cfpb " + human + ": read 5, wrote complaints=5 merchants=4 platforms=1, dropped 0;"
                + " layout \"CFPB Consumer Complaint Database CSV (human-readable headers)\"", importLine("cfpb", human, landing));
        assertEquals("cfpb " + api + ": read 5, wrote complaints=5 merchants=4 platforms=1, dropped 0;"
                + " layout \"CFPB API (snake_case)\"", importLine("cfpb", api, landing));

        for (String feed : List.of("complaints", "merchants", "platforms")) {
            assertEquals(RealData.read(landing.resolve(feed + "/cfpb-cfpb_human_headers.csv")),
                    RealData.read(landing.resolve(feed + "/cfpb-cfpb_api_snake_case.csv")), feed);
        }
        List<Map<String, String>> c = RealData.read(landing.resolve("complaints/cfpb-cfpb_api_snake_case.csv"));
        // row 1: API text 2023-08-25T12:00:00-05:00 -> the date 2023-08-25, start of day EDT
        assertEquals(List.of("cfpb-7523056", "cfpb-equifax", "2023-08-25T00:00:00-04:00", "2023-08-25T00:00:00-04:00"),
                List.of(c.get(0).get("complaint_id"), c.get(0).get("merchant_id"), c.get(0).get("received_at"),
                        c.get(0).get("accepted_at")));
        // row 5: 2013-01-16T12:00:00-05:00, disputed Yes, closed with explanation
        assertEquals(List.of("2013-01-16T00:00:00-05:00", "true", "partially_resolved"),
                List.of(c.get(4).get("received_at"), c.get(4).get("escalated_12315"), c.get(4).get("outcome")));
        // row 3: monetary relief -> resolved, merchant paid
        assertEquals(List.of("resolved", "merchant"), List.of(c.get(2).get("outcome"), c.get(2).get("compensated_by")));
    }

    @Test
    void dsaSchemaVersionsAndAnAddedColumn() throws IOException {
        Path full = EXCERPTS.resolve("dsa_full_2024.csv");
        Path later = EXCERPTS.resolve("dsa_full_with_ean_and_added_column.csv");
        Path landing = dir.resolve("landing");
        // records 1-4: TikTok, TikTok, Pinterest, Google Shopping -> 3 platforms
        assertEquals("dsa " + full + ": read 4, wrote platforms=3 violations=4, dropped 0;"
                + " layout \"DSA Transparency Database daily dump, full (37 columns, 2023-2024)\"", importLine("dsa", full, landing));
        // records 6-9: TikTok, TikTok, Google Shopping, Google Shopping -> 2 platforms; the invented
        // column is ignored and named; record 9's invented category is counted
        assertEquals("dsa " + later + ": read 4, wrote platforms=2 violations=4, dropped 0;"
                + " layout \"DSA Transparency Database daily dump, full with content_id_ean (38 columns)\";"
                + " ignored columns [added_column_for_test];"
                + " categories not in the mapping, landed as written (quarantined as UNKNOWN_CATEGORY):"
                + " {STATEMENT_CATEGORY_NOT_IN_OUR_MAPPING=1}", importLine("dsa", later, landing));

        List<Map<String, String>> v = RealData.read(landing.resolve("violations/dsa-dsa_full_with_ean_and_added_column.csv"));
        // record 6 civic discourse -> V13, 7 minors -> V03, 8 scope of service -> V13, 9 unknown -> as written
        assertEquals(List.of("V13", "V03", "V13", "STATEMENT_CATEGORY_NOT_IN_OUR_MAPPING"),
                v.stream().map(r -> r.get("category")).toList());
    }

    @Test
    void douyinSessionsLayout() {
        Path f = EXCERPTS.resolve("douyin_sessions.csv");
        // 3 sessions of host-01 -> 1 anchor, 1 platform
        assertEquals("douyin " + f + ": read 3, wrote anchors=1 broadcasts=3 platforms=1, dropped 0;"
                + " layout \"Douyin analytics export, live sessions\"", importLine("douyin", f, dir.resolve("landing")));
    }

    @Test
    void aFileOfNoKnownLayoutIsRefusedNamingTheClosestAndTheDifference() throws IOException {
        // snake_case header with the response column named as older open-data exports name it
        Path f = dir.resolve("complaints.csv");
        Files.writeString(f, "date_received,issue,sub_issue,company,date_sent_to_company,company_response_to_consumer,"
                + "consumer_disputed,complaint_id\n2023-08-25,Issue,,ACME,2023-08-25,Closed with explanation,N/A,1\n");
        UserError e = assertThrows(UserError.class, () -> new CfpbAdapter().adapt(f, dir.resolve("landing")));
        // human layout: 8 missing + 8 unexpected; API layout: 1 missing + 1 unexpected -> closest
        assertEquals("cfpb: header of " + f + " matches no known layout; closest is \"CFPB API (snake_case)\":"
                + " missing [company_response], unexpected [company_response_to_consumer]", e.getMessage());

        // the human-readable header with one column renamed: closest is the human layout
        Path g = dir.resolve("letters.csv");
        Files.writeString(g, "Posted Date,Letter Date,Company Name,Issuing Office,Subject\n");
        UserError e2 = assertThrows(UserError.class, () -> new FdaAdapter().adapt(g, dir.resolve("landing")));
        assertEquals("fda: header of " + g + " matches no known layout; closest is \"FDA Warning Letters page download\":"
                + " missing [Letter Issue Date], unexpected [Letter Date]", e2.getMessage());
    }
}
