package org.livegov.jobs.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cell-by-cell comparison of the figures of a published release with the same files rebuilt from
 * the tables as they are now. Pure: bytes in, differing cells out; no Spark, no I/O.
 *
 * <p>Input: file name → bytes, for the CSV and JSON files of {@link ReleaseFiles} (the caller
 * leaves out {@code config/}, the XLSX and the manifest). Each CSV is one table; each JSON file
 * holds one table per array of objects ({@code scores}, {@code indicators}, {@code sensitivity}).
 * A row is identified by its key columns ({@link #KEYS}: those of {@code quarter, role,
 * weighting, entity_id, indicator_id} its table has); every other column is a cell, compared as
 * the text the file shows. Numbers are written in the shortest exact form ({@link Double#toString}),
 * so equal text means equal figures. A suppressed cell is compared as published: its hidden figures
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
     */
    public record Cell(String file, String table, String role, String entityId, String indicatorId, String weighting,
                       String column, String published, String now) {
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
            return m;
        }

        private static String blank(String s) {
            return s == null ? "" : s;
        }
    }

    /**
     * @param published release file name → bytes as published
     * @param now       the same names → bytes rebuilt now (a name on one side only is compared with nothing)
     * @return the differing cells, by file name, table, row (published order, then new rows) and column
     * @throws IllegalArgumentException when a JSON file is not valid JSON
     */
    public static List<Cell> compare(Map<String, byte[]> published, Map<String, byte[]> now) {
        Set<String> names = new TreeSet<>(published.keySet());
        names.addAll(now.keySet());
        List<Cell> out = new ArrayList<>();
        for (String name : names) {
            byte[] a = published.get(name), b = now.get(name);
            if (a != null && b != null && java.util.Arrays.equals(a, b)) continue;
            Map<String, Table> ta = a == null ? Map.of() : tables(name, a);
            Map<String, Table> tb = b == null ? Map.of() : tables(name, b);
            Set<String> tableNames = new LinkedHashSet<>(ta.keySet());
            tableNames.addAll(tb.keySet());
            for (String t : tableNames) {
                compare(name, t, ta.get(t), tb.get(t), out);
            }
        }
        return out;
    }

    /** Distinct figures among the cells ({@link Cell#figure()}). */
    public static int figures(List<Cell> cells) {
        Set<List<String>> f = new LinkedHashSet<>();
        cells.forEach(c -> f.add(c.figure()));
        return f.size();
    }

    private static void compare(String file, String table, Table a, Table b, List<Cell> out) {
        Table empty = new Table(List.of(), new LinkedHashMap<>());
        if (a == null) a = empty;
        if (b == null) b = empty;
        Set<String> columns = new LinkedHashSet<>(a.columns());
        columns.addAll(b.columns());
        columns.removeAll(KEYS);
        Set<List<String>> keys = new LinkedHashSet<>(a.rows().keySet());
        keys.addAll(b.rows().keySet());
        for (List<String> key : keys) {
            Map<String, String> ra = a.rows().get(key), rb = b.rows().get(key);
            Map<String, String> any = ra != null ? ra : rb;
            for (String c : columns) {
                String x = ra == null ? null : ra.get(c);
                String y = rb == null ? null : rb.get(c);
                if (!Objects.equals(x, y)) {
                    out.add(new Cell(file, table, any.get("role"), any.get("entity_id"), any.get("indicator_id"),
                            any.get("weighting"), c, x, y));
                }
            }
        }
    }

    /** Rows by key, each column → text. */
    record Table(List<String> columns, LinkedHashMap<List<String>, Map<String, String>> rows) {
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
                if (!e.getValue().isArray()) continue;
                List<Map<String, String>> rows = new ArrayList<>();
                List<String> columns = new ArrayList<>();
                for (JsonNode o : e.getValue()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> f : o.properties()) {
                        if (!columns.contains(f.getKey())) columns.add(f.getKey());
                        row.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText());
                    }
                    rows.add(row);
                }
                out.put(e.getKey(), table(columns, rows));
            }
        } else {
            List<List<String>> lines = parseCsv(new String(bytes, StandardCharsets.UTF_8));
            if (lines.isEmpty()) return out;
            List<String> head = lines.get(0);
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> l : lines.subList(1, lines.size())) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int k = 0; k < Math.max(head.size(), l.size()); k++) {
                    row.put(k < head.size() ? head.get(k) : "column " + (k + 1), k < l.size() ? l.get(k) : null);
                }
                rows.add(row);
            }
            out.put(csvTable(name), table(head, rows));
        }
        return out;
    }

    private static Table table(List<String> columns, List<Map<String, String>> rows) {
        List<String> keyCols = KEYS.stream().filter(columns::contains).toList();
        LinkedHashMap<List<String>, Map<String, String>> byKey = new LinkedHashMap<>();
        int n = 0;
        for (Map<String, String> r : rows) {
            List<String> key = new ArrayList<>();
            keyCols.forEach(k -> key.add(r.get(k)));
            if (keyCols.isEmpty() || byKey.containsKey(key)) key.add("#" + n); // no key, or a repeated one: by position
            byKey.put(List.copyOf(key.stream().map(x -> x == null ? "" : x).toList()), r);
            n++;
        }
        return new Table(columns, byKey);
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
        List<String> line = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            any = true;
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
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
                line.add(cell.toString());
                cell.setLength(0);
                lines.add(line);
                line = new ArrayList<>();
                any = false;
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        if (any) {
            line.add(cell.toString());
            lines.add(line);
        }
        return lines;
    }
}
