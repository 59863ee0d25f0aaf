package org.livegov.jobs.landing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.UserError;

/**
 * The landing scan's two JSON forms (JSON Lines; one array of objects, copied to staging as JSON
 * Lines) and its file-level refusals. No Spark: the scan runs on the driver's Hadoop file system.
 */
class JsonFormsTest {
    @TempDir
    Path tmp;

    private List<LandedFile> scan(String name, String text) throws IOException {
        Path dir = tmp.resolve("landing").resolve("complaints");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        return new LandingScanner(new Configuration()).scan(tmp.resolve("landing").toString(),
                tmp.resolve("staging").toString(), Set.of(), new ArrayList<>());
    }

    private String refusal(String name, String text) {
        return assertThrows(UserError.class, () -> scan(name, text), text).getMessage();
    }

    private List<Path> staged() throws IOException {
        if (!Files.exists(tmp.resolve("staging"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(tmp.resolve("staging"))) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void aPrettyPrintedArrayBecomesOneLinePerElementWithItsOwnBytes() throws IOException {
        // two objects over 9 lines, CRLF line ends; the second holds a nested array and 10.00 as a number
        String text = "[\r\n  {\r\n    \"complaint_id\": \"C1\",\r\n    \"kind\": \"other\"\r\n  },\r\n"
                + "  {\"complaint_id\": \"C2\",\r\n   \"compensation_cny\": 10.00, \"tags\": [1, 2]}\r\n]\r\n";
        LandedFile f = scan("c.json", text).get(0);
        assertEquals("json-array", f.format());
        assertTrue(f.readPath().contains("staging"), f.readPath());
        // each element's bytes, CR and LF as spaces: "{" + CRLF → "{  ", and so on; 10.00 stays 10.00
        assertEquals(List.of(
                        "{      \"complaint_id\": \"C1\",      \"kind\": \"other\"    }",
                        "{\"complaint_id\": \"C2\",     \"compensation_cny\": 10.00, \"tags\": [1, 2]}"),
                Files.readAllLines(Path.of(java.net.URI.create(f.readPath())), StandardCharsets.UTF_8));
    }

    @Test
    void jsonLinesStayJsonLinesEvenWithABrokenFirstLine() throws IOException {
        LandedFile f = scan("c.jsonl", "{\"complaint_id\": \"C1\"}\n{\"complaint_id\": \"C2\"}\n").get(0);
        assertEquals("jsonl", f.format());
        assertEquals(f.path(), f.readPath());  // read in place, line by line
        // a broken first line is one malformed row (quarantined), not a refused file
        assertEquals("jsonl", scan("c.jsonl", "{\"complaint_id\": \"C1\", broken\n{\"complaint_id\": \"C2\"}\n").get(0).format());
        assertEquals("jsonl", scan("c.jsonl", "{\"complaint_id\": \"C1\"").get(0).format());  // one truncated line
        assertEquals("jsonl", scan("c.jsonl", "\n\n{\"complaint_id\": \"C1\"}\n").get(0).format()); // blank lines first
        assertEquals("jsonl", scan("c.jsonl", " \n\n").get(0).format()); // blank lines only: no records, as a header-only CSV
        assertEquals(List.of(), staged());
    }

    @Test
    void everyOtherFormIsRefusedWithOneLineNamingTheFileAndTheReason() throws IOException {
        String[][] cases = {
                {"42\n", "holds one JSON value, a number, not records; land JSON Lines (one object per line) or one array of objects"},
                {"\"text\"", "holds one JSON value, a string, not records"},
                {"{\n  \"complaint_id\": \"C1\"\n}\n", "its first JSON object spans lines 1-3; land JSON Lines (one object per line) or one array of objects"},
                {"{\n  \"complaint_id\": \"C1\",\n", "truncated JSON: the object begun on line 1 is not closed at the end of the file (line 3); land the whole file again"},
                // element 2 is a number
                {"[{\"complaint_id\": \"C1\"}, 7]", "element 2 of the JSON array is a number, not an object; each element must be one record"},
                {"[[{\"complaint_id\": \"C1\"}]]", "element 1 of the JSON array is an array, not an object"},
                {"[{\"complaint_id\": \"C1\"}, null]", "element 2 of the JSON array is null, not an object"},
                // cut inside the second element
                {"[\n {\"complaint_id\": \"C1\"},\n {\"complaint_id\": \"C", "truncated JSON: the file ends inside the array, after 1 complete element(s); land the whole file again"},
                // cut after the second element: the ] is missing
                {"[\n {\"complaint_id\": \"C1\"},\n {\"complaint_id\": \"C2\"}\n", "truncated JSON: the file ends inside the array, after 2 complete element(s); land the whole file again"},
                {"[{\"complaint_id\": \"C1\"}]\n[{\"complaint_id\": \"C2\"}]", "text after the JSON array's closing ] (line 2); a file holds one array of objects or JSON Lines"},
                {"[{\"complaint_id\": \"C1\" \"kind\": \"other\"}]", "not valid JSON at line 1: Unexpected character ('\"' (code 34)): was expecting comma to separate Object entries; land JSON Lines or one array of objects"},
        };
        for (String[] c : cases) {
            String m = refusal("c.json", c[0]);
            assertTrue(m.contains("/landing/complaints/c.json: "), m);
            assertTrue(m.endsWith(c[1]) || m.contains(": " + c[1]), c[0] + " → " + m);
            assertFalse(m.contains("\n"), m);
            assertEquals(List.of(), staged(), "a refused array leaves no copy: " + c[0]);
        }
    }

    @Test
    void anEmptyArrayIsAFileWithNoRecords() throws IOException {
        LandedFile f = scan("c.json", "[ ]\n").get(0);
        assertEquals("json-array", f.format());
        assertEquals(List.of(), Files.readAllLines(Path.of(java.net.URI.create(f.readPath()))));
    }
}
