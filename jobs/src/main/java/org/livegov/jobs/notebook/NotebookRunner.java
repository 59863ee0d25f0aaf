package org.livegov.jobs.notebook;

import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.livegov.jobs.UserError;
import org.livegov.jobs.Warehouse;

/**
 * Runs a notebook ({@link NotebookFile}) against the warehouse and writes its results.
 *
 * <p>Reads: every table as {@code gold.<table>} or {@code silver.<table>} at the version
 * {@link PinnedTables} pins (the last committed run), through {@link PinnedCatalog}, in a Spark
 * session of its own (temporary views a cell creates are seen by the later cells of the same
 * notebook only; Spark's own {@code ${…}} substitution is off). Cells run in order; every statement
 * of a cell runs, the last one's result is the cell's result.
 *
 * <p>Writes, in {@code out} (replaced only when the whole notebook succeeded):
 * <ul>
 *   <li>{@code <notebook>.md}: the preamble, the parameters, the committed run and the table
 *       versions read, then per cell its title, prose, SQL (code block) and result as a markdown
 *       table of at most {@code maxRows} rows with the total row count;</li>
 *   <li>{@code <notebook>-data/NN-<title>.csv}: each cell result in full (UTF-8 with BOM, RFC 4180,
 *       header = column names, null = empty field), as the report's data files.</li>
 * </ul>
 * Values: numbers in plain notation (no exponent), decimals as stored, dates {@code yyyy-MM-dd},
 * timestamps as UTC instants ({@code 2026-04-10T12:00:00Z}), arrays {@code [a, b]}, structs and
 * maps {@code {k: v}}.
 *
 * <p>Errors ({@link UserError}, one line {@code notebook <file>, cell '<title>': <reason>}): an
 * unknown table (with the readable tables of its layer), any analysis, parse or runtime error Spark
 * reports with a SQL state outside class XX (its first line), a write or time travel attempted on a
 * pinned table. Other failures propagate (internal errors).
 */
public final class NotebookRunner {
    private static final int MAX_CELL_CHARS = 200;

    private final SparkSession spark;
    private final Warehouse wh;

    public NotebookRunner(SparkSession spark, Warehouse wh) {
        this.spark = spark;
        this.wh = wh;
    }

    /**
     * What a run wrote.
     *
     * @param markdown   the markdown file
     * @param csvFiles   the CSV files, in cell order
     * @param run        the committed run the tables were read at
     * @param tablesRead the tables the notebook read, sorted by name
     */
    public record Result(Path markdown, List<Path> csvFiles, PinnedTables.Run run, List<PinnedTables.Pin> tablesRead) {
    }

    /** One cell's result: column names, the first rows as text (null stays null), the total, the CSV name. */
    record Shown(List<String> columns, List<List<String>> head, long total, String csv) {
    }

    /**
     * @param notebook the parsed notebook
     * @param params   {@code --param} values
     * @param out      output folder (created)
     * @param maxRows  rows of each result shown in the markdown (the CSV has all)
     * @throws UserError as described in the class comment, or for a missing parameter, a warehouse
     *                   without a committed run, an output folder that cannot be written
     */
    public Result run(NotebookFile notebook, Map<String, String> params, Path out, int maxRows) {
        Map<String, String> values = notebook.values(params);
        NotebookFile nb = notebook.bind(params);
        PinnedTables pins = PinnedTables.resolve(spark, wh);
        Path partial = out.resolve("." + nb.baseName() + ".partial");
        String dataName = nb.baseName() + "-data";
        SparkSession session = spark.newSession();
        var modifiable = scala.jdk.javaapi.CollectionConverters.asJava(spark.conf().getAll());
        modifiable.forEach((k, v) -> {
            if (spark.conf().isModifiable(k)) session.conf().set(k, v);
        });
        session.conf().set("spark.sql.variable.substitute", "false");
        String key = PinnedCatalog.install(session, pins);
        try {
            deleteTree(partial);
            Files.createDirectories(partial.resolve(dataName));
            SparkSession.setActiveSession(session);
            List<Shown> shown = new ArrayList<>();
            List<Path> csvs = new ArrayList<>();
            for (NotebookFile.Cell c : nb.cells()) {
                Shown s = runCell(session, nb, c, pins, partial.resolve(dataName), maxRows);
                shown.add(s);
                if (s != null && s.csv() != null) csvs.add(out.resolve(dataName).resolve(s.csv()));
            }
            String md = markdown(nb, values, pins, shown, dataName);
            Files.writeString(partial.resolve(nb.baseName() + ".md"), md, StandardCharsets.UTF_8);
            Path mdFile = out.resolve(nb.baseName() + ".md");
            deleteTree(out.resolve(dataName));
            Files.move(partial.resolve(dataName), out.resolve(dataName), StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial.resolve(nb.baseName() + ".md"), mdFile, StandardCopyOption.REPLACE_EXISTING);
            return new Result(mdFile, csvs, pins.lastRun(), pins.read());
        } catch (IOException e) {
            throw new UserError("notebook " + nb.name() + ": cannot write the results to " + out + ": " + e.getMessage());
        } finally {
            SparkSession.setActiveSession(spark);
            PinnedCatalog.uninstall(key);
            try {
                deleteTree(partial);
            } catch (IOException ignored) {
                // a leftover hidden folder; the next run removes it
            }
        }
    }

    private Shown runCell(SparkSession session, NotebookFile nb, NotebookFile.Cell c, PinnedTables pins, Path dataDir,
                          int maxRows) throws IOException {
        List<String> statements = c.statements();
        if (statements.isEmpty()) return null;
        Dataset<Row> last = null;
        int k = 0;
        try {
            for (String st : statements) {
                k++;
                last = session.sql(st);
            }
            k = statements.size();
            String[] names = last.columns();
            if (names.length == 0) return new Shown(List.of(), List.of(), 0, null);
            String csv = String.format(Locale.ROOT, "%02d-%s.csv", c.number(), slug(c.title()));
            List<List<String>> head = new ArrayList<>();
            long total = 0;
            try (BufferedWriter w = Files.newBufferedWriter(dataDir.resolve(csv), StandardCharsets.UTF_8)) {
                w.write('\uFEFF');
                csvLine(w, List.of(names));
                Iterator<Row> it = last.toLocalIterator();
                while (it.hasNext()) {
                    Row r = it.next();
                    List<String> cells = new ArrayList<>(names.length);
                    for (int i = 0; i < names.length; i++) cells.add(text(r.get(i)));
                    csvLine(w, cells);
                    if (total < maxRows) head.add(cells);
                    total++;
                }
            }
            return new Shown(List.of(names), head, total, csv);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            RuntimeException user = cellError(nb, c, k, statements.size(), e, pins);
            if (user != null) throw user;
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /** The user-facing error for a failed cell, or null when the failure is internal. */
    static UserError cellError(NotebookFile nb, NotebookFile.Cell c, int statement, int statements, Throwable e,
                               PinnedTables pins) {
        String where = "notebook " + nb.name() + ", cell '" + c.title() + "'"
                + (statements > 1 ? " (statement " + statement + " of " + statements + ")" : "");
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError u) {
                return new UserError(where + ": " + u.getMessage(), e);
            }
            if (t instanceof AnalysisException a) {
                if ("TABLE_OR_VIEW_NOT_FOUND".equals(a.getCondition())) {
                    String rel = a.getMessageParameters().getOrDefault("relationName", "?").replace("`", "");
                    return new UserError(where + ": unknown table " + rel + known(rel, pins), e);
                }
                return new UserError(where + ": SQL error: " + firstLine(a.getMessage()), e);
            }
            if (t instanceof SparkThrowable st && st.getSqlState() != null && !st.getSqlState().startsWith("XX")) {
                return new UserError(where + ": SQL error: " + firstLine(t.getMessage()), e);
            }
        }
        return null;
    }

    private static String known(String rel, PinnedTables pins) {
        int dot = rel.indexOf('.');
        String layer = dot < 0 ? "" : rel.substring(0, dot);
        if (!PinnedTables.LAYERS.contains(layer)) {
            return " (tables are gold.<table> or silver.<table>)";
        }
        String why = pins.unreadable(rel);
        if (why != null) {
            return " (it exists but " + why + ")";
        }
        List<String> names = pins.names(layer);
        return names.isEmpty() ? " (no " + layer + " table in the warehouse)" : " (" + layer + " tables: " + String.join(", ", names) + ")";
    }

    private static String firstLine(String s) {
        String l = String.valueOf(s).strip().lines().findFirst().orElse("");
        return l.endsWith(";") ? l.substring(0, l.length() - 1) : l;
    }

    // ---------------------------------------------------------------- rendering

    static String markdown(NotebookFile nb, Map<String, String> values, PinnedTables pins, List<Shown> shown, String dataName) {
        StringBuilder md = new StringBuilder();
        String prose = nb.prose();
        if (!prose.startsWith("# ")) {
            md.append("# ").append(nb.baseName()).append("\n\n");
        }
        if (!prose.isEmpty()) {
            md.append(prose).append("\n\n");
        }
        PinnedTables.Run run = pins.lastRun();
        md.append("Notebook `").append(nb.name()).append("`");
        if (!values.isEmpty()) {
            List<String> ps = new ArrayList<>();
            values.forEach((k, v) -> ps.add(k + " = " + (v.isEmpty() ? "(empty)" : "`" + v + "`")));
            md.append(", parameters ").append(String.join(", ", ps));
        }
        md.append(". Tables read at the last committed run `").append(run.runId()).append("` (batch `").append(run.batchId())
                .append("`, run date ").append(run.runDate()).append(", committed ")
                .append(run.committedAt().toInstant()).append("):\n\n");
        md.append("| table | Delta version | pinned by |\n|---|---:|---|\n");
        for (PinnedTables.Pin p : pins.read()) {
            md.append("| ").append(p.qualified()).append(" | ").append(p.version()).append(" | ").append(cell(p.source())).append(" |\n");
        }
        for (NotebookFile.Cell c : nb.cells()) {
            md.append("\n## ").append(c.number()).append(". ").append(c.title()).append('\n');
            if (!c.prose().isEmpty()) {
                md.append('\n').append(c.prose()).append('\n');
            }
            Shown s = shown.get(c.number() - 1);
            if (s == null) {
                continue;
            }
            md.append("\n```sql\n").append(c.sql()).append("\n```\n\n");
            if (s.columns().isEmpty()) {
                md.append("(no result)\n");
                continue;
            }
            md.append("| ").append(String.join(" | ", s.columns().stream().map(NotebookRunner::cell).toList())).append(" |\n|");
            md.append("---|".repeat(s.columns().size())).append('\n');
            for (List<String> r : s.head()) {
                md.append("| ").append(String.join(" | ", r.stream().map(v -> v == null ? "NULL" : cell(v)).toList())).append(" |\n");
            }
            md.append('\n').append(s.total() == 0 ? "No rows" : s.total() == 1 ? "1 row"
                    : s.head().size() < s.total() ? String.format(Locale.ROOT, "First %,d of %,d rows", s.head().size(), s.total())
                    : String.format(Locale.ROOT, "%,d rows", s.total()));
            md.append("; CSV: [").append(dataName).append('/').append(s.csv()).append("](").append(dataName).append('/')
                    .append(s.csv()).append(").\n");
        }
        return md.toString();
    }

    /** A value inside a markdown table cell: pipes escaped, line breaks as spaces, long text cut. */
    static String cell(String v) {
        String s = v.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        return s.length() > MAX_CELL_CHARS ? s.substring(0, MAX_CELL_CHARS) + "…" : s;
    }

    /** A value as text: see the class comment; null stays null. */
    static String text(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            return Double.isNaN(d) || Double.isInfinite(d) ? String.valueOf(d)
                    : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        if (o instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (o instanceof Row r) {
            List<String> parts = new ArrayList<>();
            String[] names = r.schema() == null ? null : r.schema().fieldNames();
            for (int i = 0; i < r.length(); i++) {
                parts.add((names == null ? "" : names[i] + ": ") + nested(r.get(i)));
            }
            return "{" + String.join(", ", parts) + "}";
        }
        if (o instanceof scala.collection.Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(m).forEach((k, v) -> parts.add(nested(k) + ": " + nested(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (o instanceof scala.collection.Iterable<?> s) {
            List<String> parts = new ArrayList<>();
            scala.jdk.javaapi.CollectionConverters.asJava(s).forEach(v -> parts.add(nested(v)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (o instanceof byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
        return String.valueOf(o);
    }

    private static String nested(Object o) {
        return o == null ? "null" : text(o);
    }

    private static void csvLine(BufferedWriter w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) w.write(',');
            String s = cells.get(i);
            if (s == null) continue;
            if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
                s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            w.write(s);
        }
        w.write("\r\n");
    }

    /** Lower-case ASCII letters and digits joined by '-', at most 60 characters; "cell" when nothing is left. */
    static String slug(String title) {
        String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        if (s.length() > 60) s = s.substring(0, 60).replaceAll("-$", "");
        return s.isEmpty() ? "cell" : s;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
