package org.livegov.jobs.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.livegov.jobs.UserError;

/** The notebook format without Spark: cells, prose, parameters, statements; and every notebook in notebooks/ parses. */
class NotebookFileTest {
    static final String TEXT = """
            \uFEFF-- # Demo notebook
            -- Looks at ${quarter}.
            -- @param quarter
            -- @param platform=DY

            -- %% First cell
            -- Why we look:
            --
            --   * the league
            SELECT 1 AS one; -- trailing comment
            SELECT 'a;b' AS "x;y", `c;d` FROM t /* ; */ WHERE p = '${platform}';
            -- %%   Prose only
            -- Nothing to run here.

            -- %% Quarter ${quarter}
            SELECT '${quarter}', '$${quarter}'
            """;

    @Test
    void cellsProseAndSql() {
        NotebookFile nb = NotebookFile.parse("demo.sql", TEXT.replace("\n", "\r\n"));
        assertEquals("demo", nb.baseName());
        assertEquals("# Demo notebook\nLooks at ${quarter}.", nb.prose());
        assertEquals(List.of(new NotebookFile.Param("quarter", null), new NotebookFile.Param("platform", "DY")), nb.declared());
        assertEquals(3, nb.cells().size());
        NotebookFile.Cell first = nb.cells().get(0);
        assertEquals("First cell", first.title());
        assertEquals(6, first.line());
        assertEquals("Why we look:\n\n  * the league", first.prose());
        assertEquals(List.of("SELECT 1 AS one", "-- trailing comment\nSELECT 'a;b' AS \"x;y\", `c;d` FROM t /* ; */ WHERE p = '${platform}'"),
                first.statements());
        NotebookFile.Cell prose = nb.cells().get(1);
        assertEquals("Prose only", prose.title());
        assertEquals("Nothing to run here.", prose.prose());
        assertEquals("", prose.sql());
        assertTrue(prose.statements().isEmpty());
        assertEquals(Set.of("quarter", "platform"), nb.parameters());
    }

    @Test
    void parametersAreSubstitutedEverywhereWithDefaults() {
        NotebookFile nb = NotebookFile.parse("demo.sql", TEXT).bind(Map.of("quarter", "2026Q2"));
        assertEquals("# Demo notebook\nLooks at 2026Q2.", nb.prose());
        assertTrue(nb.cells().get(0).sql().endsWith("WHERE p = 'DY';"), nb.cells().get(0).sql());
        assertEquals("Quarter 2026Q2", nb.cells().get(2).title());
        assertEquals("SELECT '2026Q2', '${quarter}'", nb.cells().get(2).sql()); // $${ is a literal ${
        assertEquals("KS", NotebookFile.parse("demo.sql", TEXT).values(Map.of("quarter", "q", "platform", "KS")).get("platform"));
    }

    @Test
    void missingAndUnknownParametersNameTheNotebookAndTheCell() {
        NotebookFile nb = NotebookFile.parse("demo.sql", TEXT); // the preamble uses ${quarter} too: the cell is named
        UserError missing = assertThrows(UserError.class, () -> nb.bind(Map.of()));
        assertEquals("notebook demo.sql, cell 'Quarter ${quarter}': missing parameter ${quarter}; pass --param quarter=VALUE",
                missing.getMessage());
        UserError unknown = assertThrows(UserError.class, () -> nb.bind(Map.of("quarter", "2026Q2", "quater", "x")));
        assertEquals("notebook demo.sql: --param quater is not a parameter of the notebook (its parameters: quarter, platform)",
                unknown.getMessage());
    }

    @Test
    void statementSplitting() {
        assertEquals(List.of("SELECT 'it''s; here'", "SELECT \"a\\\";b\"", "SELECT 1 /* a /* nested; */ ; */"),
                NotebookFile.statements("SELECT 'it''s; here'; SELECT \"a\\\";b\";\nSELECT 1 /* a /* nested; */ ; */;\n-- only a comment;\n"));
        assertEquals(List.of(), NotebookFile.statements("  -- nothing\n /* at all */ ;;"));
    }

    @Test
    void malformedNotebooksAreRefusedWithTheLine() {
        assertEquals("notebook x.sql, line 2: SQL before the first cell (a cell starts with a line '-- %% <title>')",
                assertThrows(UserError.class, () -> NotebookFile.parse("x.sql", "-- intro\nSELECT 1\n-- %% a\nSELECT 2")).getMessage());
        assertEquals("notebook x.sql, line 1: a cell needs a title ('-- %% <title>')",
                assertThrows(UserError.class, () -> NotebookFile.parse("x.sql", "-- %%\nSELECT 1")).getMessage());
        assertEquals("notebook x.sql has no cell (a cell starts with a line '-- %% <title>')",
                assertThrows(UserError.class, () -> NotebookFile.parse("x.sql", "-- just prose\n")).getMessage());
        assertEquals("notebook x.sql, line 2: parameter q is declared twice",
                assertThrows(UserError.class, () -> NotebookFile.parse("x.sql", "-- @param q\n-- @param q=1\n-- %% a\nSELECT 1")).getMessage());
        assertEquals("notebook x.sql, line 1: '@param 1q' is not '@param NAME' or '@param NAME=DEFAULT'",
                assertThrows(UserError.class, () -> NotebookFile.parse("x.sql", "-- @param 1q\n-- %% a\nSELECT 1")).getMessage());
    }

    /** Every notebook an analyst finds in notebooks/ parses, documents itself and runs SQL in every cell. */
    @Test
    void aMissingNotebookIsNamedAsMissing() {
        assertEquals("notebook no/such.sql: no such file; the analysts' notebooks are in notebooks/*.sql",
                assertThrows(UserError.class, () -> NotebookFile.read(Path.of("no", "such.sql"))).getMessage());
    }

    @Test
    void everyNotebookInTheRepositoryParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("..", "notebooks"))) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertEquals(List.of("benchmark-quarter.sql", "quarantine-triage.sql", "repeat-offenders.sql", "trend-watch.sql"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            NotebookFile nb = NotebookFile.read(f);
            assertTrue(nb.prose().startsWith("# "), f + " starts with a markdown title");
            for (NotebookFile.Cell c : nb.cells()) {
                assertFalse(c.prose().isEmpty(), f + ": cell '" + c.title() + "' says what it shows");
                assertFalse(c.statements().isEmpty(), f + ": cell '" + c.title() + "' has SQL");
            }
            // every parameter it uses is declared, so that --help of the notebook is its preamble
            for (String p : nb.parameters()) {
                assertTrue(nb.declared().stream().anyMatch(d -> d.name().equals(p)), f + ": ${" + p + "} is declared");
            }
        }
    }
}
