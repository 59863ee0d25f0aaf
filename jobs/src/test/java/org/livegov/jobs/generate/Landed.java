package org.livegov.jobs.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.contract.Field;
import org.livegov.metrics.contract.FieldType;
import org.livegov.metrics.ids.ResidentIdNumber;
import org.livegov.metrics.ids.Uscc;
import org.livegov.metrics.quality.ReasonCode;

/**
 * Test side: reads a generated landing folder back, independently of the generator's writers
 * (Jackson CSV and JSON parsers, the encodings the report names), and classifies every row the
 * way the contracts in {@link Feed} and {@link ReasonCode} say the pipeline must: first failing
 * rule wins; references checked against the valid register rows.
 */
final class Landed {
    private static final Pattern DAY_FILE = Pattern.compile("^([a-z]+)/\\1-(\\d{4}-\\d{2}-\\d{2})\\.(csv|jsonl)$");
    private static final Pattern MONEY = Pattern.compile("-?\\d+(\\.\\d{1,2})?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd[ ]['T']HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Set<String> BOOLEANS = Set.of("true", "false", "1", "0", "yes", "no");

    /**
     * One data row as landed.
     *
     * @param feed    its feed
     * @param file    path relative to the landing folder
     * @param fileDay Beijing day of a day file, null for registers and history
     * @param values  column to value; blank cells and absent JSON keys are left out
     */
    record Row(Feed feed, String file, LocalDate fileDay, Map<String, String> values) {
        String get(String field) {
            return values.get(field);
        }

        String key() {
            return values.get(feed.keyField());
        }
    }

    final Path root;
    final GenerationReport report;
    final List<Row> rows = new ArrayList<>();
    final Map<String, Long> rowsPerFile = new LinkedHashMap<>();
    /** The reason each row is quarantined for, null when valid; same order as {@link #rows}. */
    final List<ReasonCode> verdicts = new ArrayList<>();
    final Set<String> categories;

    Landed(Path root, Set<String> categories) throws IOException {
        this.root = root;
        this.categories = categories;
        this.report = new ObjectMapper().readValue(root.resolve(DemoGenerator.REPORT_FILE).toFile(), GenerationReport.class);
        for (GenerationReport.FileEntry e : report.files()) {
            Feed feed = Feed.byName(e.feed());
            Matcher m = DAY_FILE.matcher(e.path());
            LocalDate day = m.matches() ? LocalDate.parse(m.group(2)) : null;
            List<Map<String, String>> read = read(root.resolve(e.path()), e.format(), e.encoding());
            rowsPerFile.put(e.path(), (long) read.size());
            for (Map<String, String> v : read) {
                rows.add(new Row(feed, e.path(), day, v));
            }
        }
        classify();
    }

    List<Row> valid(Feed feed) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).feed() == feed && verdicts.get(i) == null) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    static List<Map<String, String>> read(Path file, String format, String encoding) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF;
        if (bom != encoding.equals("UTF-8-BOM")) {
            throw new IllegalStateException(file + ": byte order mark " + bom + " but encoding " + encoding);
        }
        Charset cs = encoding.equals("GB18030") ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
        List<Map<String, String>> out = new ArrayList<>();
        try (Reader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), cs))) {
            if (bom) {
                r.read();
            }
            if (format.equals("csv")) {
                MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                        .with(CsvSchema.emptySchema().withHeader()).readValues(r);
                while (it.hasNext()) {
                    Map<String, String> row = new HashMap<>();
                    it.next().forEach((k, v) -> {
                        if (v != null && !v.isEmpty()) {
                            row.put(k, v);
                        }
                    });
                    out.add(row);
                }
            } else {
                ObjectMapper json = new ObjectMapper();
                BufferedReader br = new BufferedReader(r);
                for (String line = br.readLine(); line != null; line = br.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = json.readTree(line);
                    Map<String, String> row = new HashMap<>();
                    for (Map.Entry<String, JsonNode> e : node.properties()) {
                        if (!e.getValue().isNull()) {
                            row.put(e.getKey(), e.getValue().asText());
                        }
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    // ---- classification ----

    private void classify() {
        for (Row r : rows) {
            verdicts.add(fieldRules(r));
        }
        // references: registers first, then facts
        Set<String> platforms = keys(Feed.PLATFORMS);
        Map<String, String> anchorPlatform = new HashMap<>();
        Map<String, String> merchantPlatform = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (verdicts.get(i) != null) {
                continue;
            }
            if (r.feed() == Feed.ANCHORS) {
                anchorPlatform.put(r.key(), r.get("platform_id"));
            } else if (r.feed() == Feed.MERCHANTS) {
                merchantPlatform.put(r.key(), r.get("platform_id"));
            }
        }
        Set<String> mcns = keys(Feed.MCNS);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (verdicts.get(i) != null) {
                continue;
            }
            boolean ok = switch (r.feed()) {
                case MERCHANTS, ANCHORS -> platforms.contains(r.get("platform_id"));
                case CONTRACTS -> anchorPlatform.containsKey(r.get("anchor_id")) && mcns.contains(r.get("mcn_id"));
                case BROADCASTS -> platforms.contains(r.get("platform_id"))
                        && r.get("platform_id").equals(anchorPlatform.get(r.get("anchor_id")));
                case VIOLATIONS -> platforms.contains(r.get("platform_id")) && switch (r.get("subject_role").toLowerCase(Locale.ROOT)) {
                    case "anchor" -> anchorPlatform.containsKey(r.get("subject_id"));
                    case "merchant" -> merchantPlatform.containsKey(r.get("subject_id"));
                    case "mcn" -> mcns.contains(r.get("subject_id"));
                    default -> platforms.contains(r.get("subject_id"));
                };
                case COMPLAINTS -> platforms.contains(r.get("platform_id"))
                        && (r.get("anchor_id") == null || anchorPlatform.containsKey(r.get("anchor_id")))
                        && (r.get("merchant_id") == null || merchantPlatform.containsKey(r.get("merchant_id")));
                default -> true;
            };
            if (!ok) {
                verdicts.set(i, ReasonCode.UNKNOWN_REFERENCE);
            }
        }
        Set<String> broadcasts = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).feed() == Feed.BROADCASTS && verdicts.get(i) == null) {
                broadcasts.add(rows.get(i).key());
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (verdicts.get(i) == null && (r.feed() == Feed.VIOLATIONS || r.feed() == Feed.COMPLAINTS)
                    && r.get("broadcast_id") != null && !broadcasts.contains(r.get("broadcast_id"))) {
                verdicts.set(i, ReasonCode.UNKNOWN_REFERENCE);
            }
        }
    }

    private Set<String> keys(Feed feed) {
        Set<String> s = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).feed() == feed && verdicts.get(i) == null) {
                s.add(rows.get(i).key());
            }
        }
        return s;
    }

    /** The first failing field rule, in ReasonCode order, or null. */
    private ReasonCode fieldRules(Row r) {
        List<Field> fields = r.feed().fields();
        if (!r.values().keySet().stream().allMatch(k -> fields.stream().anyMatch(f -> f.name().equals(k)))) {
            return ReasonCode.MALFORMED_ROW;
        }
        for (Field f : fields) {
            if (f.required() && r.get(f.name()) == null) {
                return ReasonCode.MISSING_REQUIRED;
            }
        }
        ReasonCode[] order = {ReasonCode.BAD_INSTANT, ReasonCode.BAD_DATE, ReasonCode.BAD_NUMBER, ReasonCode.BAD_MONEY,
            ReasonCode.BAD_BOOLEAN, ReasonCode.UNKNOWN_ENUM, ReasonCode.UNKNOWN_CATEGORY, ReasonCode.BAD_USCC,
            ReasonCode.BAD_IDENTITY_NUMBER, ReasonCode.NEGATIVE_VALUE};
        for (ReasonCode code : order) {
            for (Field f : fields) {
                String v = r.get(f.name());
                if (v != null && fails(code, f, v)) {
                    return code;
                }
            }
        }
        String[][] spans = {{"started_at", "ended_at"}, {"detected_at", "disposed_at"}, {"received_at", "closed_at"}};
        for (String[] span : spans) {
            if (r.get(span[0]) != null && r.get(span[1]) != null
                    && instant(r.get(span[1])) < instant(r.get(span[0]))) {
                return ReasonCode.END_BEFORE_START;
            }
        }
        return null;
    }

    private boolean fails(ReasonCode code, Field f, String v) {
        return switch (code) {
            case BAD_INSTANT -> f.type() == FieldType.INSTANT && !isInstant(v);
            case BAD_DATE -> f.type() == FieldType.DATE && !isDate(v);
            case BAD_NUMBER -> (f.type() == FieldType.INT || f.type() == FieldType.LONG) && !INTEGER.matcher(v).matches();
            case BAD_MONEY -> f.type() == FieldType.CNY && !MONEY.matcher(v).matches();
            case BAD_BOOLEAN -> f.type() == FieldType.BOOL && !BOOLEANS.contains(v.toLowerCase(Locale.ROOT));
            case UNKNOWN_ENUM -> f.type() == FieldType.ENUM && !f.values().isEmpty()
                    && !f.values().contains(v.toLowerCase(Locale.ROOT));
            case UNKNOWN_CATEGORY -> f.type() == FieldType.ENUM && f.values().isEmpty() && !categories.contains(v.toUpperCase(Locale.ROOT));
            case BAD_USCC -> f.type() == FieldType.USCC && !Uscc.isValid(v);
            case BAD_IDENTITY_NUMBER -> f.type() == FieldType.IDENTITY_NUMBER && !ResidentIdNumber.isValid(v);
            case NEGATIVE_VALUE -> (f.type() == FieldType.INT || f.type() == FieldType.LONG || f.type() == FieldType.CNY)
                    && v.startsWith("-");
            default -> false;
        };
    }

    static boolean isInstant(String v) {
        try {
            instant(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Epoch second of an ISO-8601 instant with offset, or of a local Beijing date-time. */
    static long instant(String v) {
        try {
            return OffsetDateTime.parse(v).toEpochSecond();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(v, LOCAL).toEpochSecond(ZoneOffset.ofHours(8));
        }
    }

    static boolean isDate(String v) {
        try {
            LocalDate.parse(v, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static LocalDate beijingDay(String instant) {
        return LocalDate.ofEpochDay(Math.floorDiv(instant(instant) + 8 * 3600, 86_400));
    }
}
