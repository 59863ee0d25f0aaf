package org.livegov.jobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.ids.ResidentIdNumber;
import org.livegov.metrics.ids.Uscc;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Generates the small scale once (a few seconds) and checks it through an independent re-read
 * ({@link Landed}): the report's counts, references, identifiers, the heavy tail, the planted
 * repeat offenders.
 */
class DemoGeneratorTest {
    @TempDir
    static Path dir;
    static GenerationReport report;
    static Landed landed;

    @BeforeAll
    static void generate() throws IOException {
        report = DemoGenerator.generate(GeneratorSpec.of(GeneratorSpec.Scale.SMALL, 42), dir.resolve("landing"));
        landed = new Landed(dir.resolve("landing"), taxonomyCategories());
    }

    static Set<String> taxonomyCategories() throws IOException {
        JsonNode conf = new YAMLMapper().readTree(Path.of("../conf/taxonomy.yaml").toFile());
        Set<String> codes = new TreeSet<>();
        conf.get("categories").fieldNames().forEachRemaining(codes::add);
        return codes;
    }

    @Test
    void reportOnDiskEqualsReturnedReport() {
        assertEquals(report, landed.report);
    }

    @Test
    void filesOnDiskAreTheFilesReportedWithTheirRowsAndBytes() throws IOException {
        Set<String> onDisk;
        try (Stream<Path> s = Files.walk(landed.root)) {
            onDisk = s.filter(Files::isRegularFile).map(p -> landed.root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals(DemoGenerator.REPORT_FILE)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(onDisk, report.files().stream().map(GenerationReport.FileEntry::path)
                .collect(Collectors.toCollection(TreeSet::new)));
        for (GenerationReport.FileEntry e : report.files()) {
            assertEquals(e.rows(), landed.rowsPerFile.get(e.path()), e.path());
            assertEquals(e.bytes(), Files.size(landed.root.resolve(e.path())), e.path());
        }
        for (Feed f : Feed.values()) {
            long rows = landed.rows.stream().filter(r -> r.feed() == f).count();
            assertEquals(report.feeds().get(f.feedName()).rows(), rows, f.feedName());
        }
        // day files for every feed and day, registers, history, all four formats
        assertEquals(91, report.feeds().get("broadcasts").files());
        assertEquals(92, report.feeds().get("violations").files());
        Set<String> formats = report.files().stream().map(e -> e.format() + "/" + e.encoding()).collect(Collectors.toSet());
        assertEquals(Set.of("csv/UTF-8", "csv/UTF-8-BOM", "csv/GB18030", "jsonl/UTF-8"), formats);
    }

    @Test
    void gb18030FilesWithChineseAreNotUtf8() throws IOException {
        byte[] merchants = Files.readAllBytes(landed.root.resolve("merchants/merchants-2026-06-30.csv"));
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(merchants));
            throw new AssertionError("merchants file decodes as UTF-8; GB18030 should differ visibly");
        } catch (CharacterCodingException expected) {
            // good: the encodings differ
        }
    }

    /**
     * The heart of the contract with downstream tests: re-reading the files and classifying each
     * row independently finds exactly the report's malformed rows per reason, duplicates,
     * corrections, late records and records, per feed.
     */
    @Test
    void reportCountsEqualWhatTheFilesHold() {
        Map<Feed, Map<String, Long>> malformed = new EnumMap<>(Feed.class);
        Map<Feed, long[]> kinds = new EnumMap<>(Feed.class); // records, duplicates, corrections, late
        Map<Feed, Map<String, List<Landed.Row>>> versions = new EnumMap<>(Feed.class);
        Map<Feed, Set<String>> malformedKeys = new EnumMap<>(Feed.class);
        for (Feed f : Feed.values()) {
            malformed.put(f, new LinkedHashMap<>());
            kinds.put(f, new long[4]);
            versions.put(f, new HashMap<>());
            malformedKeys.put(f, new HashSet<>());
        }
        for (int i = 0; i < landed.rows.size(); i++) {
            Landed.Row r = landed.rows.get(i);
            ReasonCode verdict = landed.verdicts.get(i);
            if (verdict != null) {
                malformed.get(r.feed()).merge(verdict.name(), 1L, Long::sum);
                assertNotNull(r.key(), "malformed rows keep their key");
                assertTrue(malformedKeys.get(r.feed()).add(r.key()), "malformed key reused: " + r.key());
                continue;
            }
            List<Landed.Row> seen = versions.get(r.feed()).computeIfAbsent(r.key(), k -> new ArrayList<>());
            long[] k = kinds.get(r.feed());
            if (seen.isEmpty()) {
                k[0]++;
                if (r.fileDay() != null && r.feed().eventTimeField().isPresent()
                        && Landed.beijingDay(r.get(r.feed().eventTimeField().get())).isBefore(r.fileDay())) {
                    k[3]++;
                }
            } else if (seen.stream().anyMatch(s -> s.values().equals(r.values()))) {
                k[1]++;
            } else {
                k[2]++;
                Landed.Row previous = seen.get(seen.size() - 1);
                assertTrue(Landed.instant(r.get("updated_at")) > Landed.instant(previous.get("updated_at")),
                        "correction of " + r.key() + " must have a later updated_at");
                assertTrue(r.file().compareTo(previous.file()) > 0, "correction of " + r.key() + " must land later");
            }
            seen.add(r);
        }
        for (Feed f : Feed.values()) {
            GenerationReport.FeedCounts c = report.feeds().get(f.feedName());
            String name = f.feedName();
            assertEquals(c.malformedByReason(), malformed.get(f), name + " malformed by reason");
            assertEquals(c.records(), kinds.get(f)[0], name + " records");
            assertEquals(c.duplicates(), kinds.get(f)[1], name + " duplicates");
            assertEquals(c.corrections(), kinds.get(f)[2], name + " corrections");
            assertEquals(c.late(), kinds.get(f)[3], name + " late");
            for (String key : malformedKeys.get(f)) {
                assertFalse(versions.get(f).containsKey(key), name + ": malformed key " + key + " is also a valid key");
            }
        }
        // every defect the brief asks for is present, about 0.5 % of fact rows
        Set<String> reasons = report.malformedByReason().keySet();
        for (ReasonCode r : List.of(ReasonCode.MISSING_REQUIRED, ReasonCode.BAD_INSTANT, ReasonCode.BAD_DATE,
                ReasonCode.BAD_MONEY, ReasonCode.UNKNOWN_ENUM, ReasonCode.UNKNOWN_CATEGORY, ReasonCode.BAD_USCC,
                ReasonCode.BAD_IDENTITY_NUMBER, ReasonCode.NEGATIVE_VALUE, ReasonCode.END_BEFORE_START,
                ReasonCode.UNKNOWN_REFERENCE)) {
            assertTrue(reasons.contains(r.name()), "no " + r);
        }
        long factRows = 0;
        long factMalformed = 0;
        for (Feed f : List.of(Feed.BROADCASTS, Feed.VIOLATIONS, Feed.COMPLAINTS)) {
            factRows += report.feeds().get(f.feedName()).rows();
            factMalformed += report.feeds().get(f.feedName()).malformed();
            assertTrue(report.feeds().get(f.feedName()).late() > 0, f + " late");
            assertTrue(report.feeds().get(f.feedName()).corrections() > 0, f + " corrections");
        }
        double rate = (double) factMalformed / factRows;
        assertTrue(rate > 0.003 && rate < 0.01, "malformed share of fact rows " + rate);
    }

    @Test
    void validRowsReferToValidRegisterRows() {
        Map<String, String> anchorPlatform = new HashMap<>();
        landed.valid(Feed.ANCHORS).forEach(a -> anchorPlatform.put(a.key(), a.get("platform_id")));
        Set<String> merchants = keys(Feed.MERCHANTS);
        Set<String> mcns = keys(Feed.MCNS);
        Set<String> platforms = keys(Feed.PLATFORMS);
        Set<String> broadcasts = keys(Feed.BROADCASTS);
        assertEquals(Set.of("DY", "KS", "TB", "JD", "PDD"), platforms);
        for (Landed.Row b : landed.valid(Feed.BROADCASTS)) {
            assertEquals(anchorPlatform.get(b.get("anchor_id")), b.get("platform_id"), b.key());
        }
        for (Landed.Row c : landed.valid(Feed.CONTRACTS)) {
            assertTrue(anchorPlatform.containsKey(c.get("anchor_id")) && mcns.contains(c.get("mcn_id")), c.key());
        }
        for (Landed.Row v : landed.valid(Feed.VIOLATIONS)) {
            Set<String> register = switch (v.get("subject_role")) {
                case "anchor" -> anchorPlatform.keySet();
                case "merchant" -> merchants;
                case "mcn" -> mcns;
                default -> platforms;
            };
            assertTrue(register.contains(v.get("subject_id")), v.key());
            assertTrue(v.get("broadcast_id") == null || broadcasts.contains(v.get("broadcast_id")), v.key());
        }
        for (Landed.Row c : landed.valid(Feed.COMPLAINTS)) {
            assertTrue(c.get("broadcast_id") == null || broadcasts.contains(c.get("broadcast_id")), c.key());
            assertTrue(c.get("merchant_id") == null || merchants.contains(c.get("merchant_id")), c.key());
            assertTrue(c.get("anchor_id") == null || anchorPlatform.containsKey(c.get("anchor_id")), c.key());
        }
        // and the only UNKNOWN_REFERENCE rows are the injected broadcasts
        assertEquals(Map.of("broadcasts", report.feeds().get("broadcasts").malformedByReason().get("UNKNOWN_REFERENCE")),
                unknownReferencesByFeed());
    }

    private Map<String, Long> unknownReferencesByFeed() {
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < landed.rows.size(); i++) {
            if (landed.verdicts.get(i) == ReasonCode.UNKNOWN_REFERENCE) {
                m.merge(landed.rows.get(i).feed().feedName(), 1L, Long::sum);
            }
        }
        return m;
    }

    private static Set<String> keys(Feed feed) {
        return landed.valid(feed).stream().map(Landed.Row::key).collect(Collectors.toSet());
    }

    @Test
    void identifiersInValidRowsPassTheirChecksAndCarryRealRegions() {
        Set<String> regions = Regions.ALL.stream().map(Regions.Region::code).collect(Collectors.toSet());
        int usccs = 0;
        int zhejiangOrGuangdong = 0;
        for (Feed f : List.of(Feed.PLATFORMS, Feed.MCNS, Feed.MERCHANTS, Feed.VIOLATIONS)) {
            String field = f == Feed.VIOLATIONS ? "subject_uscc" : "uscc";
            for (Landed.Row r : landed.valid(f)) {
                String u = r.get(field);
                if (u != null) {
                    assertTrue(Uscc.isValid(u), u);
                    assertTrue(regions.contains(u.substring(2, 8)), u);
                    usccs++;
                    zhejiangOrGuangdong += Uscc.provinceCode(u).equals("330000") || Uscc.provinceCode(u).equals("440000") ? 1 : 0;
                }
            }
        }
        assertTrue(usccs > 1000);
        assertTrue(zhejiangOrGuangdong > usccs * 0.4, "Zhejiang and Guangdong heavy: " + zhejiangOrGuangdong + "/" + usccs);
        int ids = 0;
        for (Landed.Row a : landed.valid(Feed.ANCHORS)) {
            String id = a.get("identity_number");
            if (id != null) {
                assertTrue(ResidentIdNumber.isValid(id), id);
                assertTrue(regions.contains(id.substring(0, 6)), id);
                if (a.get("birth_date") != null) {
                    assertEquals(ResidentIdNumber.birthDate(id).toString(), a.get("birth_date"), a.key());
                }
                ids++;
            }
        }
        assertTrue(ids > 0.95 * report.feeds().get("anchors").records());
    }

    @Test
    void somePersonsHoldAccountsOnTwoPlatformsAndAFewAnchorsAreUnder16() {
        Map<String, List<Landed.Row>> byPerson = landed.valid(Feed.ANCHORS).stream().filter(a -> a.get("identity_number") != null)
                .collect(Collectors.groupingBy(a -> a.get("identity_number")));
        long twoAccounts = byPerson.values().stream().filter(l -> l.stream().map(Landed.Row::key).distinct().count() == 2).count();
        assertEquals(report.calibration().personsWithTwoAccounts(), twoAccounts);
        for (List<Landed.Row> l : byPerson.values()) {
            assertEquals(l.stream().map(Landed.Row::key).distinct().count(), l.stream().map(a -> a.get("platform_id")).distinct().count(),
                    "a person's accounts are on different platforms");
        }
        Set<String> minors = landed.valid(Feed.ANCHORS).stream().filter(a -> a.get("identity_number") != null
                && ResidentIdNumber.birthDate(a.get("identity_number")).plusYears(16).isAfter(LocalDate.of(2026, 6, 30)))
                .map(Landed.Row::key).collect(Collectors.toSet());
        assertEquals(report.calibration().under16Anchors(), minors.size());
        assertTrue(landed.valid(Feed.BROADCASTS).stream().anyMatch(b -> minors.contains(b.get("anchor_id"))),
                "under-age anchors broadcast");
    }

    @Test
    void mcnSizesAreHeavyTailed() {
        // latest version of each contract; anchors under contract on 2026-06-30
        Map<String, Landed.Row> latest = new HashMap<>();
        for (Landed.Row c : landed.valid(Feed.CONTRACTS)) {
            latest.merge(c.key(), c, (a, b) -> Landed.instant(b.get("updated_at")) > Landed.instant(a.get("updated_at")) ? b : a);
        }
        LocalDate end = LocalDate.of(2026, 6, 30);
        Map<String, Long> perMcn = latest.values().stream()
                .filter(c -> !LocalDate.parse(c.get("valid_from")).isAfter(end)
                        && (c.get("valid_to") == null || !LocalDate.parse(c.get("valid_to")).isBefore(end)))
                .collect(Collectors.groupingBy(c -> c.get("mcn_id"), Collectors.counting()));
        long contracted = perMcn.values().stream().mapToLong(Long::longValue).sum();
        int top = Math.max(1, report.calibration().mcns() / 100);
        long inTop = perMcn.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(top).mapToLong(Long::longValue).sum();
        double share = (double) inTop / contracted;
        assertEquals(report.calibration().contractedAnchors(), contracted);
        assertEquals(report.calibration().topMcnShare(), share, 1e-4);
        assertTrue(share > 0.55 && share < 0.85, "top 1 % of MCNs hold " + share);
        assertTrue(report.calibration().mcnMovers() > 0);
        assertTrue(contracted < report.calibration().anchors(), "some anchors have no MCN");
    }

    @Test
    void lifecyclesAreOrderedAndNothingIsAfterTheExport() {
        long exported = Landed.instant(report.exportedAt());
        for (int i = 0; i < landed.rows.size(); i++) {
            Landed.Row r = landed.rows.get(i);
            if (landed.verdicts.get(i) != null) {
                continue;
            }
            for (var f : r.feed().fields()) {
                String v = r.get(f.name());
                if (v != null && f.type() == org.livegov.metrics.contract.FieldType.INSTANT) {
                    assertTrue(Landed.instant(v) <= exported, r.key() + " " + f.name() + " " + v);
                }
            }
        }
        for (Landed.Row b : landed.valid(Feed.BROADCASTS)) {
            long hours = Landed.instant(b.get("ended_at")) - Landed.instant(b.get("started_at"));
            assertTrue(hours >= 2 * 3600 - 1 && hours <= 15 * 3600 + 1, b.key());
            assertTrue(Long.parseLong(b.get("views")) >= Long.parseLong(b.get("peak_viewers")), b.key());
        }
        for (Landed.Row c : landed.valid(Feed.COMPLAINTS)) {
            long received = Landed.instant(c.get("received_at"));
            for (String f : List.of("accepted_at", "first_response_at", "closed_at")) {
                assertTrue(c.get(f) == null || Landed.instant(c.get(f)) >= received, c.key() + " " + f);
            }
        }
    }

    @Test
    void plantedRepeatOffendersHaveThreeSeriousViolationsAcrossPlatformsButNoneOnOneAccount() throws IOException {
        Set<String> serious = new HashSet<>();
        JsonNode conf = new YAMLMapper().readTree(Path.of("../conf/taxonomy.yaml").toFile());
        conf.get("categories").properties().forEach(e -> {
            if (e.getValue().get("severity").asText().compareTo("s3") >= 0) {
                serious.add(e.getKey());
            }
        });
        // final version per violation key
        Map<String, Landed.Row> finalVersion = new HashMap<>();
        for (Landed.Row v : landed.valid(Feed.VIOLATIONS)) {
            finalVersion.merge(v.key(), v, (a, b) -> Landed.instant(b.get("updated_at")) > Landed.instant(a.get("updated_at")) ? b : a);
        }
        LocalDate from = LocalDate.parse(report.repeatOffenders().windowFrom());
        Map<String, Integer> perSubject = new HashMap<>();
        for (Landed.Row v : finalVersion.values()) {
            boolean isSerious = v.get("severity") != null ? v.get("severity").compareToIgnoreCase("s3") >= 0 : serious.contains(v.get("category"));
            if (isSerious && v.get("status").equals("confirmed") && !Landed.beijingDay(v.get("detected_at")).isBefore(from)) {
                perSubject.merge(v.get("subject_id"), 1, Integer::sum);
            }
        }
        assertFalse(report.repeatOffenders().plantedPersons().isEmpty());
        for (GenerationReport.PlantedPerson p : report.repeatOffenders().plantedPersons()) {
            int total = 0;
            for (String anchor : p.anchorIds()) {
                total += perSubject.getOrDefault(anchor, 0);
            }
            assertTrue(total >= 3, "planted person " + p.anchorIds() + " has " + total);
        }
        assertFalse(report.repeatOffenders().plantedCompanies().isEmpty());
        for (GenerationReport.PlantedCompany c : report.repeatOffenders().plantedCompanies()) {
            int total = c.merchantIds().stream().mapToInt(m -> perSubject.getOrDefault(m, 0)).sum();
            assertTrue(total >= 3, "planted company " + c.uscc() + " has " + total);
        }
        assertTrue(report.repeatOffenders().inData().get("person") >= report.repeatOffenders().plantedPersons().size());
        assertTrue(report.repeatOffenders().inData().get("company") >= report.repeatOffenders().plantedCompanies().size());
    }

    @Test
    void volumesAreThoseOfTheSmallScale() {
        Map<String, GenerationReport.FeedCounts> f = report.feeds();
        assertEquals(5, f.get("platforms").records());
        assertEquals(150, f.get("mcns").records());
        assertEquals(800, f.get("merchants").records());
        assertEquals(2000, f.get("anchors").records());
        assertTrue(Math.abs(f.get("broadcasts").records() - 20_000) < 1_000, "broadcasts " + f.get("broadcasts").records());
        assertTrue(Math.abs(f.get("violations").records() - 1_200) < 250, "violations " + f.get("violations").records());
        assertTrue(Math.abs(f.get("complaints").records() - 3_000) < 500, "complaints " + f.get("complaints").records());
        Map<String, Long> monitoring = landed.valid(Feed.BROADCASTS).stream()
                .collect(Collectors.groupingBy(b -> b.get("monitoring"), Collectors.counting()));
        assertTrue(monitoring.get("automated") > monitoring.get("patrol") && monitoring.get("patrol") > monitoring.get("none"));
    }
}
