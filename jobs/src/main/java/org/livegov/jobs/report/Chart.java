package org.livegov.jobs.report;

import java.util.List;
import java.util.Map;

/**
 * One chart of the report and the data behind it.
 *
 * @param id       file-safe id; the data goes to {@code <id>.csv} and to the workbook sheet {@code id}
 * @param section  section id ({@link ReportModel#SECTIONS})
 * @param title    title by language ({@code zh}, {@code en})
 * @param note     how the figures were computed, by language (may be empty)
 * @param option   the Apache ECharts option by language (serialised with Jackson)
 * @param header   column names of the data table
 * @param rows     the data table: the very values the chart draws (numbers, text or null)
 */
public record Chart(String id, String section, Map<String, String> title, Map<String, String> note,
                    Map<String, Map<String, Object>> option, List<String> header, List<List<Object>> rows) {
}
