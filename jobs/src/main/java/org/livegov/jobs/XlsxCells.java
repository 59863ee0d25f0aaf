package org.livegov.jobs;

import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * The cell writing shared by the XLSX files LiveGov produces (the benchmark release's workbook,
 * the trend report's data workbook): a bold header row, and values typed as numbers, booleans or
 * text.
 */
public final class XlsxCells {
    private XlsxCells() {
    }

    /** A bold cell style of {@code wb}, for header rows. */
    public static CellStyle bold(Workbook wb) {
        CellStyle bold = wb.createCellStyle();
        Font f = wb.createFont();
        f.setBold(true);
        bold.setFont(f);
        return bold;
    }

    /** Row {@code rowIndex} (0-based, created) of {@code s} with {@code names} in columns 0.. in {@code style}. */
    public static void header(Sheet s, int rowIndex, List<String> names, CellStyle style) {
        Row row = s.createRow(rowIndex);
        for (int k = 0; k < names.size(); k++) {
            Cell c = row.createCell(k);
            c.setCellValue(names.get(k));
            c.setCellStyle(style);
        }
    }

    /**
     * Writes {@code v} into column {@code col} of {@code row}: a {@link Number} as a numeric cell
     * (its double value), a {@link Boolean} as a boolean cell, anything else as its text. A null
     * leaves the cell absent (blank).
     */
    public static void put(Row row, int col, Object v) {
        if (v == null) return;
        Cell c = row.createCell(col);
        if (v instanceof Number n) {
            c.setCellValue(n.doubleValue());
        } else if (v instanceof Boolean b) {
            c.setCellValue(b);
        } else {
            c.setCellValue(String.valueOf(v));
        }
    }
}
