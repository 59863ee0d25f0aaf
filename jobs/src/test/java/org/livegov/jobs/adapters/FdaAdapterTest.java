package org.livegov.jobs.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdaAdapterTest {
    @TempDir
    Path landing;

    @Test
    void realWarningLettersLandAsRegulatorViolations() throws IOException {
        AdapterReport report = new FdaAdapter().adapt(RealData.file("fda_warning_letters_2021_2026.csv"), landing);

        // Keys computed by a separate python implementation of the documented normalisation
        // (/tmp oracle norm.py: cut at d/b/a…, NFKD, lower, & -> and, drop ' and ., split on
        // non-alnum, drop leading "the", strip trailing legal forms and "and"):
        // python3 -c "...;print(len(r),len({x['company'] for x in r}),len({key(x['company']) for x in r}))"
        // -> 3374 3249 3166
        assertEquals(3374, report.rowsRead());
        assertEquals(0, report.rowsDropped());
        assertEquals(Map.of("platforms", 1L, "merchants", 3166L, "violations", 3374L), report.rowsWritten());

        List<Map<String, String>> rows = RealData.read(landing.resolve("violations/fda-fda_warning_letters_2021_2026.csv"));
        assertEquals(3374, rows.stream().map(r -> r.get("violation_id")).distinct().count());
        // letters beyond the first to one company on one letter date, numbered -2, -3...: python3 with
        // an approximate key (text before d/b/a, lower case, alphanumerics only) grouped with letter_date:
        // sum(n - 1 for groups of n > 1) -> 44
        assertEquals(44, rows.stream().filter(r -> r.get("violation_id").matches(".*-\\d{8}-\\d+")).count());
        assertTrue(rows.stream().allMatch(r -> r.get("detected_by").equals("regulator")
                && r.get("disposal").equals("warning") && r.get("heavier_penalty").equals("false")
                && r.get("subject_role").equals("merchant") && r.get("status").equals("confirmed")));

        // Name variants that normalise to one key (seen in the file):
        assertEquals(Set.of("Alohma LLC d/b/a Kure CBD & Vape", "Alohma LLC d/b/a Kure Vaporium",
                "Alohma, LLC d/b/a Kure CBD & Vape", "Alohma, LLC, d/b/a Kure CBD & Vape"), names(rows, "fda-alohma"));
        assertEquals(Set.of("Walmart Inc.", "Walmart, Inc", "Walmart, Inc."), names(rows, "fda-walmart"));
        assertEquals(Set.of("Jayde's Vapor Lounge", "Jayde's Vapor Lounge, Inc", "Jayde’s Vapor Lounge"),
                names(rows, "fda-jaydes-vapor-lounge"));

        // Companies (by key) with 3 or more letters within 24 months (letter dates d[i+2] <= d[i] + 24 months):
        // python3 (oracle norm.py) over letter_date -> 24, e.g. a-z-tobacco, alohma, amazoncom, eli-lilly, walmart.
        Map<String, List<LocalDate>> letters = rows.stream().collect(Collectors.groupingBy(r -> r.get("subject_id"),
                Collectors.mapping(r -> OffsetDateTime.parse(r.get("detected_at")).toLocalDate(), Collectors.toList())));
        Set<String> repeat = new TreeSet<>();
        letters.forEach((k, dates) -> {
            List<LocalDate> d = dates.stream().sorted().toList();
            for (int i = 0; i + 2 < d.size(); i++) {
                if (!d.get(i + 2).isAfter(d.get(i).plusMonths(24))) {
                    repeat.add(k);
                }
            }
        });
        assertEquals(24, repeat.size(), repeat::toString);
        assertTrue(repeat.containsAll(Set.of("fda-a-z-tobacco", "fda-alohma", "fda-amazoncom", "fda-eli-lilly", "fda-walmart")));

        // Category table (python oracle fdacat.py): V02 1365, V12 1175, V04/s4 696, V13 108, V08 30.
        assertEquals(Map.of("V02", 1365L, "V12", 1175L, "V04", 696L, "V13", 108L, "V08", 30L),
                CfpbAdapterTest.count(rows, r -> r.get("category")));
        assertTrue(rows.stream().filter(r -> r.get("category").equals("V04")).allMatch(r -> r.get("severity").equals("s4")));

        Map<String, String> first = rows.get(0);
        // id = company key + letter date (the download layout has no url): "Patcos Cosmetics Pvt. Ltd.",
        // letter 03/12/2026 -> fda-patcos-cosmetics-20260312
        assertEquals("fda-patcos-cosmetics-20260312", first.get("violation_id"));
        assertEquals("fda-patcos-cosmetics", first.get("subject_id"));
        assertEquals("2026-03-12T00:00:00-04:00", first.get("detected_at"));
        assertEquals("2026-03-17T00:00:00-04:00", first.get("updated_at"));

        List<Map<String, String>> merchants = RealData.read(landing.resolve("merchants/fda-fda_warning_letters_2021_2026.csv"));
        assertEquals(rows.stream().map(r -> r.get("subject_id")).collect(Collectors.toSet()),
                merchants.stream().map(m -> m.get("merchant_id")).collect(Collectors.toSet()));
        // Most frequent spelling names the merchant (Alohma: "Alohma LLC d/b/a Kure CBD & Vape" 5 of 10).
        assertEquals("Alohma LLC d/b/a Kure CBD & Vape", merchants.stream()
                .filter(m -> m.get("merchant_id").equals("fda-alohma")).findFirst().orElseThrow().get("name"));
    }

    @Test
    void subjectTable() {
        assertEquals(new FdaAdapter.Classification("V12", ""),
                FdaAdapter.classify("Family Smoking Prevention and Tobacco Control Act/Adulterated/Misbranded"));
        assertEquals(new FdaAdapter.Classification("V02", ""), FdaAdapter.classify("CGMP/Finished Pharmaceuticals/Adulterated"));
        assertEquals(new FdaAdapter.Classification("V04", "s4"), FdaAdapter.classify("Unapproved New Drugs/Misbranded"));
        assertEquals(new FdaAdapter.Classification("V04", "s4"), FdaAdapter.classify("False & Misleading Claims/Misbranded"));
        assertEquals(new FdaAdapter.Classification("V13", ""), FdaAdapter.classify("Food Labeling/Misbranded"));
        assertEquals(new FdaAdapter.Classification("V02", ""), FdaAdapter.classify("Foreign Supplier Verification Program (FSVP)"));
        assertEquals(new FdaAdapter.Classification("V08", ""), FdaAdapter.classify("Failure to Register and List"));
        assertEquals(FdaAdapter.DEFAULT, FdaAdapter.classify("Failure to obtain Investigational New Drug Applications"));
        assertEquals(FdaAdapter.DEFAULT, FdaAdapter.classify("Clinical Investigator"));
    }

    private static Set<String> names(List<Map<String, String>> rows, String subjectId) {
        return rows.stream().filter(r -> r.get("subject_id").equals(subjectId)).map(r -> r.get("subject_name"))
                .collect(Collectors.toSet());
    }
}
