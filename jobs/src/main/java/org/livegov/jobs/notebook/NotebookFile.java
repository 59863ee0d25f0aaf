package org.livegov.jobs.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.livegov.jobs.UserError;

/**
 * An analyst's notebook as written in {@code notebooks/*.sql}: pure parsing, no Spark.
 *
 * <p>Shape of the file (UTF-8; a BOM and CRLF line ends are accepted):
 * <pre>
 *   -- # Title of the notebook           preamble: comment lines only, markdown prose
 *   -- @param quarter                    a required parameter (declaring it is optional)
 *   -- @param platform=                  a parameter with a default (here the empty text)
 *
 *   -- %% League of platforms            a cell starts at a line "-- %% &lt;title&gt;"
 *   -- What the analyst looks at and why: the cell's leading comment lines are its prose (markdown)
 *   SELECT ... FROM gold.benchmark_scores WHERE quarter = '${quarter}';
 * </pre>
 * The rest of a cell after its prose is Spark SQL: one or more statements separated by {@code ;}
 * (a {@code ;} inside a quoted text, a back-quoted name or a comment does not separate); the
 * result of the last statement is the cell's result. A cell without SQL is prose only.
 *
 * <p>Parameters: {@code ${name}} (name {@code [A-Za-z_][A-Za-z0-9_]*}) in a title, the prose or the
 * SQL is replaced by the value given ({@code --param name=value}) or the declared default, verbatim
 * (quote it in the SQL: {@code '${quarter}'}); <code>$${</code> stands for a literal <code>${</code>.
 *
 * <p>Errors ({@link UserError}, one line naming the notebook and the line or the cell): SQL before
 * the first cell, a cell without a title, no cell at all, a malformed or repeated {@code @param},
 * a parameter used but neither given nor defaulted, a parameter given that the notebook neither
 * uses nor declares.
 */
public final class NotebookFile {
    private static final Pattern CELL = Pattern.compile("^\\s*--\\s*%%(.*)$");
    private static final Pattern DECLARATION = Pattern.compile("^@param\\b\\s*(.*)$");
    private static final Pattern DECLARED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=(.*))?");
    /** <code>$${</code> (a literal) or <code>${name}</code>. */
    private static final Pattern USE = Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * @param name         the parameter's name
     * @param defaultValue its default, or null when the notebook requires it
     */
    public record Param(String name, String defaultValue) {
    }

    /**
     * One cell.
     *
     * @param number 1-based position in the notebook
     * @param line   1-based line of its {@code -- %%} header in the file
     * @param title  the text after {@code -- %%}
     * @param prose  markdown from its leading comment lines ({@code --} and one space stripped), may be empty
     * @param sql    the rest of the cell, trimmed; empty for a prose-only cell
     */
    public record Cell(int number, int line, String title, String prose, String sql) {
        /** The SQL statements in order, comment-only pieces dropped; empty for a prose-only cell. */
        public List<String> statements() {
            return NotebookFile.statements(sql);
        }
    }

    private final String name;
    private final String prose;
    private final List<Param> declared;
    private final List<Cell> cells;

    private NotebookFile(String name, String prose, List<Param> declared, List<Cell> cells) {
        this.name = name;
        this.prose = prose;
        this.declared = List.copyOf(declared);
        this.cells = List.copyOf(cells);
    }

    /** The file name, e.g. {@code benchmark-quarter.sql}; the error messages name it. */
    public String name() {
        return name;
    }

    /** The file name without {@code .sql}: the base name of the outputs. */
    public String baseName() {
        return name.endsWith(".sql") ? name.substring(0, name.length() - 4) : name;
    }

    /** Markdown of the preamble (without the {@code @param} lines), may be empty. */
    public String prose() {
        return prose;
    }

    /** The {@code @param} declarations in file order. */
    public List<Param> declared() {
        return declared;
    }

    public List<Cell> cells() {
        return cells;
    }

    /**
     * Reads and parses a notebook file.
     *
     * @throws UserError when the file cannot be read or does not parse
     */
    public static NotebookFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("notebook " + file + ": no such file" + (Files.isDirectory(file) ? " (it is a folder)" : "")
                    + "; the analysts' notebooks are in notebooks/*.sql");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new UserError("notebook " + file + ": cannot read it: " + e.getMessage());
        }
        return parse(file.getFileName().toString(), text);
    }

    /**
     * @param name file name used in messages and as the outputs' base name
     * @param text the notebook's text
     * @throws UserError naming the notebook and the line when it does not parse
     */
    public static NotebookFile parse(String name, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> preamble = new ArrayList<>();
        List<Param> declared = new ArrayList<>();
        int i = 0;
        for (; i < lines.length && !CELL.matcher(lines[i]).matches(); i++) {
            String l = lines[i];
            if (l.isBlank()) {
                preamble.add("");
            } else if (isComment(l)) {
                String p = uncomment(l);
                Matcher d = DECLARATION.matcher(p.strip());
                if (d.matches()) {
                    declared.add(declaration(name, i + 1, d.group(1), declared));
                } else {
                    preamble.add(p);
                }
            } else {
                throw new UserError("notebook " + name + ", line " + (i + 1)
                        + ": SQL before the first cell (a cell starts with a line '-- %% <title>')");
            }
        }
        List<Cell> cells = new ArrayList<>();
        while (i < lines.length) {
            int header = i;
            String title = CELL.matcher(lines[i]).replaceFirst("$1").strip();
            if (title.isEmpty()) {
                throw new UserError("notebook " + name + ", line " + (header + 1) + ": a cell needs a title ('-- %% <title>')");
            }
            i++;
            List<String> prose = new ArrayList<>();
            for (; i < lines.length && !CELL.matcher(lines[i]).matches()
                    && (lines[i].isBlank() || isComment(lines[i])); i++) {
                prose.add(lines[i].isBlank() ? "" : uncomment(lines[i]));
            }
            StringBuilder sql = new StringBuilder();
            for (; i < lines.length && !CELL.matcher(lines[i]).matches(); i++) {
                sql.append(lines[i]).append('\n');
            }
            cells.add(new Cell(cells.size() + 1, header + 1, title, join(prose), sql.toString().strip()));
        }
        if (cells.isEmpty()) {
            throw new UserError("notebook " + name + " has no cell (a cell starts with a line '-- %% <title>')");
        }
        return new NotebookFile(name, join(preamble), declared, cells);
    }

    private static Param declaration(String name, int line, String text, List<Param> seen) {
        Matcher m = DECLARED.matcher(text.strip());
        if (!m.matches()) {
            throw new UserError("notebook " + name + ", line " + line + ": '@param " + text.strip()
                    + "' is not '@param NAME' or '@param NAME=DEFAULT'");
        }
        String p = m.group(1);
        if (seen.stream().anyMatch(x -> x.name().equals(p))) {
            throw new UserError("notebook " + name + ", line " + line + ": parameter " + p + " is declared twice");
        }
        return new Param(p, m.group(2) == null ? null : m.group(2).strip());
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("--");
    }

    /** The text after {@code --} and one space. */
    private static String uncomment(String line) {
        String s = line.stripLeading().substring(2);
        return (s.startsWith(" ") ? s.substring(1) : s).stripTrailing();
    }

    /** Lines joined, blank lines at both ends dropped. */
    private static String join(List<String> lines) {
        int from = 0, to = lines.size();
        while (from < to && lines.get(from).isBlank()) from++;
        while (to > from && lines.get(to - 1).isBlank()) to--;
        return String.join("\n", lines.subList(from, to));
    }

    /** Parameter names used in the titles, the prose and the SQL, in order of first use. */
    public Set<String> parameters() {
        Set<String> used = new LinkedHashSet<>(uses(prose));
        for (Cell c : cells) {
            used.addAll(uses(c.title()));
            used.addAll(uses(c.prose()));
            used.addAll(uses(c.sql()));
        }
        return used;
    }

    private static Set<String> uses(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = USE.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) out.add(m.group(1));
        }
        return out;
    }

    /**
     * The values every used parameter takes: the given value, else the declared default.
     *
     * @param given {@code --param} values
     * @throws UserError for a given parameter the notebook neither uses nor declares, and for a used
     *                   parameter without a value (naming the first cell that uses it)
     */
    public Map<String, String> values(Map<String, String> given) {
        Set<String> used = parameters();
        for (String g : given.keySet()) {
            if (!used.contains(g) && declared.stream().noneMatch(p -> p.name().equals(g))) {
                throw new UserError("notebook " + name + ": --param " + g + " is not a parameter of the notebook"
                        + (used.isEmpty() ? " (it has none)" : " (its parameters: " + String.join(", ", used) + ")"));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Param p : declared) {
            if (p.defaultValue() != null) values.put(p.name(), p.defaultValue());
        }
        values.putAll(given);
        for (String u : used) {
            if (!values.containsKey(u)) {
                throw new UserError("notebook " + name + where(u) + ": missing parameter ${" + u + "}; pass --param " + u + "=VALUE");
            }
        }
        return values;
    }

    /** ", cell '<title>'" of the first cell using the parameter; empty when only the preamble does. */
    private String where(String param) {
        for (Cell c : cells) {
            if (uses(c.title()).contains(param) || uses(c.prose()).contains(param) || uses(c.sql()).contains(param)) {
                return ", cell '" + c.title() + "'";
            }
        }
        return "";
    }

    /**
     * The notebook with every parameter replaced.
     *
     * @throws UserError as {@link #values}
     */
    public NotebookFile bind(Map<String, String> given) {
        Map<String, String> v = values(given);
        List<Cell> bound = new ArrayList<>();
        for (Cell c : cells) {
            bound.add(new Cell(c.number(), c.line(), substitute(c.title(), v), substitute(c.prose(), v), substitute(c.sql(), v)));
        }
        return new NotebookFile(name, substitute(prose, v), declared, bound);
    }

    /**
     * Replaces <code>${name}</code> by its value and <code>$${</code> by <code>${</code>; a name without a value is
     * left as it is (use {@link #values} first to refuse it).
     */
    public static String substitute(String text, Map<String, String> values) {
        Matcher m = USE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String r = m.group(1) == null ? "${" : values.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Splits Spark SQL at the {@code ;} that end statements. Quoted texts ({@code '…'},
     * {@code "…"} with backslash escapes), back-quoted names, {@code --} comments and (nested)
     * {@code /* *}{@code /} comments are kept whole. Pieces holding only comments and blanks are
     * dropped; the others are trimmed.
     */
    public static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean content = false;
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int j;
            if (c == '\'' || c == '"' || c == '`') {
                j = endOfQuoted(sql, i);
                content = true;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                j = sql.indexOf('\n', i);
                j = j < 0 ? n : j;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                j = endOfBlockComment(sql, i);
            } else if (c == ';') {
                if (content) out.add(cur.toString().strip());
                cur.setLength(0);
                content = false;
                i++;
                continue;
            } else {
                content |= !Character.isWhitespace(c);
                j = i + 1;
            }
            cur.append(sql, i, j);
            i = j;
        }
        if (content) out.add(cur.toString().strip());
        return out;
    }

    private static int endOfQuoted(String s, int start) {
        char q = s.charAt(start);
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && q != '`') {
                i++;
            } else if (c == q) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static int endOfBlockComment(String s, int start) {
        int depth = 0;
        for (int i = start; i < s.length() - 1; i++) {
            if (s.charAt(i) == '/' && s.charAt(i + 1) == '*') {
                depth++;
                i++;
            } else if (s.charAt(i) == '*' && s.charAt(i + 1) == '/') {
                depth--;
                i++;
                if (depth == 0) return i + 1;
            }
        }
        return s.length();
    }
}
