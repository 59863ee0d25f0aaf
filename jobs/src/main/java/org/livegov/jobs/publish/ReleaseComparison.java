package org.livegov.jobs.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Cell-by-cell comparison of the figures of a published release with the same files rebuilt from
 * the tables as they are now. Pure: bytes in, differing cells out; no Spark, no I/O.
 *
 * <p>Input: file name → bytes, for the CSV and JSON files of {@link ReleaseFiles} (the caller
 * leaves out {@code config/}, the XLSX and the manifest). Each CSV is one table; each JSON file
 * holds one table per array of objects ({@code scores}, {@code indicators}, {@code sensitivity}).
 * A row is identified by its key columns ({@link #KEYS}: those of {@code quarter, role,
 * weighting, entity_id, indicator_id} its table has); every other column is a cell, compared as
 * the text the file shows (a JSON number as its plain decimal text). Numbers are written at their
 * published precision ({@link ReleaseNumbers}), so equal text means equal figures.
 *
 * <p>Each differing cell says what kind of change it is ({@link Cell#change()}): {@link #VALUE}
 * (the figure differs), {@link #FORMAT} (both sides are numbers that agree once the published
 * side is rounded half up to the decimals the rebuilt side shows: "formatting only", e.g.
 * {@code 70.95209004176266} in a release written before issue 17 against {@code 70.95} now, or
 * {@code 617.0} against {@code 617}), or {@link #COLUMN} (a row both sides have, in a column only
 * one side's file has, e.g. {@code value_status} added by issue 17). Only {@link #VALUE} cells are
 * changed figures; the numbers written before the rounding were the shortest text of each double,
 * and the rounding starts from that same text, so an unchanged figure always compares as
 * {@link #FORMAT}. A suppressed cell is compared as published: its hidden figures
 * are empty on both sides, so a change behind the suppression is not reported (and not leaked),
 * while a change of what the public sees (e.g. the peer value, or a cell crossing the minimum
 * exposure) is.
 *
 * <p>A row or column present on one side only gives cells whose other side is {@code null}
 * (absent), as opposed to {@code ""} (an empty cell).
 */
public final class ReleaseComparison {
    /** Columns that identify a row, in order; a table uses those it has. */
    static final List<String> KEYS = List.of("quarter", "role", "weighting", "entity_id", "indicator_id");
    /** {@link Cell#change()}: the figure differs. */
    public static final String VALUE = "value";
    /** {@link Cell#change()}: the same number at the rebuilt side's precision (formatting only). */
    public static final String FORMAT = "format";
    /** {@link Cell#change()}: a column only one side's file has, in a row both have. */
    public static final String COLUMN = "column";
    /** Reads JSON numbers as written (a decimal keeps its digits and trailing zeros). */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private ReleaseComparison() {
    }

    /**
     * One published cell that differs.
     *
     * @param file        release file, e.g. {@code packs/KS/platform_indicators.csv} or {@code platform.json}
     * @param table       {@code indicators}, {@code scores} or {@code sensitivity}
     * @param role        platform, mcn, merchant or anchor ({@code null} when the table has no role)
     * @param entityId    the entity
     * @param indicatorId indicator of an indicators row, else {@code null}
     * @param weighting   alternative weighting of a sensitivity row, else {@code null}
     * @param column      the column, e.g. {@code value}, {@code peer_value}, {@code rank}
     * @param published   the text in the release ({@code null}: the release has no such cell)
     * @param now         the text a rebuild from the current tables gives ({@code null}: no such cell now)
     * @param change      {@link #VALUE}, {@link #FORMAT} or {@link #COLUMN}
     */
    public record Cell(String file, String table, String role, String entityId, String indicatorId, String weighting,
                       String column, String published, String now, String change) {
        /** A cell whose figure differs ({@link #VALUE}). */
        public Cell(String file, String table, String role, String entityId, String indicatorId, String weighting,
                    String column, String published, String now) {
            this(file, table, role, entityId, indicatorId, weighting, column, published, now, VALUE);
        }

        /** The figure itself differs (not formatting only, not a column of one side only). */
        public boolean isValueChange() {
            return VALUE.equals(change);
        }

        /** The figure this cell shows, whichever file shows it (a figure may appear in a CSV, a JSON and a pack). */
        public List<String> figure() {
            return List.of(table, blank(role), blank(entityId), blank(indicatorId), blank(weighting), column);
        }

        /** As a JSON object for the run manifest (column → value, nulls kept). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file);
            m.put("table", table);
            m.put("role", role);
            m.put("entity_id", entityId);
            m.put("indicator_id", indicatorId);
            m.put("weighting", weighting);
            m.put("column", column);
            m.put("published", published);
            m.put("now", now);
            m.put("change", change);
            return m;
        }

        private static String blank(String s) {
            return s == null ? "" : s;
        }
    }

    /**
     * @param published release file name → bytes as published
     * @param now       the same names → bytes rebuilt now (a name on one side only is compared with nothing)
     * @return the differing cells, by file name, table, row and column
     * @throws IllegalArgumentException when a JSON file is not valid JSON
     */
    public static List<Cell> compare(Map<String, byte[]> published, Map<String, byte[]> now) {
        List<Cell> out = new ArrayList<>();
        compare(published, now, out::add);
        return out;
    }

    /**
     * Streams the differing cells to {@code sink}, by file name, table, row and column. Rows are
     * matched by a merge on their keys when both sides are sorted by them (as {@link PublishJob}
     * writes them), so that large files are not held as rows; otherwise by a map of the rows.
     *
     * @throws IllegalArgumentException when a JSON file is not valid JSON
     */
    public static void compare(Map<String, byte[]> published, Map<String, byte[]> now, Consumer<Cell> sink) {
        Set<String> names = new TreeSet<>(published.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            byte[] a = published.get(name), b = now.get(name);
            if (a != null && b != null && java.util.Arrays.equals(a, b)) continue;
            Map<String, Table> ta = a == null ? Map.of() : tables(name, a);
            Map<String, Table> tb = b == null ? Map.of() : tables(name, b);
            Set<String> tableNames = new TreeSet<>(ta.keySet());
            tableNames.addAll(tb.keySet());
            for (String t : tableNames) {
                Table x = ta.getOrDefault(t, Table.EMPTY), y = tb.getOrDefault(t, Table.EMPTY);
                if (!merge(name, t, x, y, sink)) byMap(name, t, x, y, sink);
            }
        }
    }

    /** Distinct figures among the cells ({@link Cell#figure()}). */
    public static int figures(List<Cell> cells) {
        Set<List<String>> f = new LinkedHashSet<>();
        cells.forEach(c -> f.add(c.figure()));
        return f.size();
    }

    /** Columns compared: both sides' non-key columns, published order first. */
    private static List<String> columns(Table a, Table b) {
        Set<String> columns = new LinkedHashSet<>(a.columns());
        columns.addAll(b.columns());
        columns.removeAll(KEYS);
        return List.copyOf(columns);
    }

    private static void row(String file, String table, Table a, Table b, List<String> columns, Map<String, String> ra,
                            Map<String, String> rb, Consumer<Cell> sink) {
        Map<String, String> any = ra != null ? ra : rb;
        for (String c : columns) {
            String x = ra == null ? null : ra.get(c);
            String y = rb == null ? null : rb.get(c);
            if (!Objects.equals(x, y)) {
                String change = ra == null || rb == null ? VALUE
                        : !a.columns().contains(c) || !b.columns().contains(c) ? COLUMN
                        : formattingOnly(x, y) ? FORMAT : VALUE;
                sink.accept(new Cell(file, table, any.get("role"), any.get("entity_id"), any.get("indicator_id"),
                        any.get("weighting"), c, x, y, change));
            }
        }
    }

    /**
     * Whether two texts of a cell are the same number at the precision {@code now} shows: both
     * numbers, and {@code published} rounded half up to {@code now}'s decimals equals {@code now}
     * (e.g. {@code 70.95209004176266} and {@code 70.95}; {@code 8.35E-4} and {@code 0.0008};
     * {@code 617.0} and {@code 617}; not {@code 0.7} and {@code 0.6667}).
     */
    static boolean formattingOnly(String published, String now) {
        if (published == null || now == null || published.isEmpty() || now.isEmpty()) return false;
        java.math.BigDecimal p, n;
        try {
            p = new java.math.BigDecimal(published);
            n = new java.math.BigDecimal(now);
        } catch (NumberFormatException e) {
            return false;
        }
        if (n.scale() < 0) n = n.setScale(0);
        return p.setScale(n.scale(), java.math.RoundingMode.HALF_UP).compareTo(n) == 0;
    }

    /**
     * Merge of two tables sorted by key. Returns false, having sent nothing, when a side is not
     * sorted by its key or repeats one (checked in a first pass over the keys only), or when the
     * two sides have different key columns.
     */
    private static boolean merge(String file, String table, Table a, Table b, Consumer<Cell> sink) {
        boolean sameKeys = a == Table.EMPTY || b == Table.EMPTY || a.keyColumns().equals(b.keyColumns());
        if (!sameKeys || !sorted(a) || !sorted(b)) return false;
        List<String> columns = columns(a, b);
        Iterator<Map<String, String>> ia = a.rows().get(), ib = b.rows().get();
        Map<String, String> ra = ia.hasNext() ? ia.next() : null, rb = ib.hasNext() ? ib.next() : null;
        while (ra != null || rb != null) {
            int cmp = ra == null ? 1 : rb == null ? -1 : compareKeys(a.key(ra), b.key(rb));
            if (cmp == 0) {
                if (!ra.equals(rb)) row(file, table, a, b, columns, ra, rb, sink);
                ra = ia.hasNext() ? ia.next() : null;
                rb = ib.hasNext() ? ib.next() : null;
            } else if (cmp <= 0) {
                row(file, table, a, b, columns, ra, null, sink);
                ra = ia.hasNext() ? ia.next() : null;
            } else {
                row(file, table, a, b, columns, null, rb, sink);
                rb = ib.hasNext() ? ib.next() : null;
            }
        }
        return true;
    }

    private static boolean sorted(Table t) {
        List<String> previous = null;
        for (Iterator<Map<String, String>> it = t.rows().get(); it.hasNext(); ) {
            List<String> k = t.key(it.next());
            if (t.keyColumns().isEmpty() || (previous != null && compareKeys(previous, k) >= 0)) return false;
            previous = k;
        }
        return true;
    }

    private static int compareKeys(List<String> x, List<String> y) {
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = x.get(i).compareTo(y.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(x.size(), y.size());
    }

    /** Any order: rows matched through a map of each side (a repeated key or no key: by position). */
    private static void byMap(String file, String table, Table a, Table b, Consumer<Cell> sink) {
        List<String> columns = columns(a, b);
        LinkedHashMap<List<String>, Map<String, String>> ma = a.byKey(), mb = b.byKey();
        Set<List<String>> keys = new LinkedHashSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (List<String> key : keys) {
            Map<String, String> ra = ma.get(key), rb = mb.get(key);
            if (ra == null || rb == null || !ra.equals(rb)) row(file, table, a, b, columns, ra, rb, sink);
        }
    }

    /**
     * One table of a release file: its columns and its rows (column → text), produced on demand so
     * that a large file is not held as rows.
     */
    record Table(List<String> columns, List<String> keyColumns, Supplier<Iterator<Map<String, String>>> rows) {
        static final Table EMPTY = of(List.of(), Collections::emptyIterator);

        static Table of(List<String> columns, Supplier<Iterator<Map<String, String>>> rows) {
            return new Table(columns, KEYS.stream().filter(columns::contains).toList(), rows);
        }

        List<String> key(Map<String, String> row) {
            List<String> k = new ArrayList<>();
            for (String c : keyColumns()) k.add(row.get(c) == null ? "" : row.get(c));
            return k;
        }

        LinkedHashMap<List<String>, Map<String, String>> byKey() {
            LinkedHashMap<List<String>, Map<String, String>> m = new LinkedHashMap<>();
            int n = 0;
            for (Iterator<Map<String, String>> it = rows.get(); it.hasNext(); n++) {
                Map<String, String> r = it.next();
                List<String> k = new ArrayList<>(key(r));
                if (k.isEmpty() || m.containsKey(k)) k.add("#" + n);
                m.put(k, r);
            }
            return m;
        }
    }

    /** The tables of one release file. */
    static Map<String, Table> tables(String name, byte[] bytes) {
        Map<String, Table> out = new TreeMap<>();
        if (name.endsWith(".json")) {
            JsonNode root;
            try {
                root = JSON.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalArgumentException(name + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                JsonNode array = e.getValue();
                if (!array.isArray()) continue;
                List<String> columns = new ArrayList<>();
                for (JsonNode o : array) o.fieldNames().forEachRemaining(f -> {
                    if (!columns.contains(f)) columns.add(f);
                });
                out.put(e.getKey(), Table.of(List.copyOf(columns), () -> new Iterator<>() {
                    final Iterator<JsonNode> it = array.elements();

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map<String, String> next() {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (Map.Entry<String, JsonNode> f : it.next().properties()) {
                            JsonNode v = f.getValue();
                            row.put(f.getKey(), v.isNull() ? "" : v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText());
                        }
                        return row;
                    }
                }));
            }
        } else {
            String text = new String(bytes, StandardCharsets.UTF_8);
            Iterator<List<String>> records = new CsvRecords(text);
            if (!records.hasNext()) return out;
            List<String> head = List.copyOf(records.next());
            out.put(csvTable(name), Table.of(head, () -> {
                CsvRecords it = new CsvRecords(text);
                it.next(); // the header
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Map<String, String> next() {
                        List<String> l = it.next();
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int k = 0; k < Math.max(head.size(), l.size()); k++) {
                            row.put(k < head.size() ? head.get(k) : "column " + (k + 1), k < l.size() ? l.get(k) : null);
                        }
                        return row;
                    }
                };
            }));
        }
        return out;
    }

    /** {@code platform_indicators.csv} → {@code indicators}; {@code packs/DY/merchant_scores.csv} → {@code scores}. */
    static String csvTable(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1).replaceFirst("\\.csv$", "");
        int u = base.lastIndexOf('_');
        return u < 0 ? base : base.substring(u + 1);
    }

    /**
     * Parses CSV as {@link ReleaseFiles} writes it: comma-separated, a cell with a comma, quote or
     * line break in double quotes with quotes doubled, {@code \n} after every line.
     */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> lines = new ArrayList<>();
        new CsvRecords(text).forEachRemaining(lines::add);
        return lines;
    }

    /** The records of a CSV text, one at a time (see {@link #parseCsv}). */
    static final class CsvRecords implements Iterator<List<String>> {
        private final String text;
        private int at;

        CsvRecords(String text) {
            this.text = text;
        }

        @Override
        public boolean hasNext() {
            return at < text.length();
        }

        @Override
        public List<String> next() {
            if (!hasNext()) throw new java.util.NoSuchElementException();
            List<String> line = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            while (at < text.length()) {
                char ch = text.charAt(at++);
                if (quoted) {
                    if (ch == '"') {
                        if (at < text.length() && text.charAt(at) == '"') {
                            cell.append('"');
                            at++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    line.add(cell.toString());
                    cell.setLength(0);
                } else if (ch == '\n') {
                    break;
                } else if (ch != '\r') {
                    cell.append(ch);
                }
            }
            line.add(cell.toString());
            return line;
        }
    }
}
