package org.livegov.jobs.generate;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * How a landed file is written. Most files are CSV in UTF-8; some arrive as UTF-8 with a byte
 * order mark, some as GB18030 with Windows line endings (Chinese names then differ visibly from
 * UTF-8), some as JSON Lines.
 */
enum FileFormat {
    /** CSV, UTF-8, LF, header row. */
    CSV_UTF8("csv", "UTF-8", false, "LF"),
    /** CSV, UTF-8 with a byte order mark (EF BB BF), LF, header row. */
    CSV_UTF8_BOM("csv", "UTF-8", true, "LF"),
    /** CSV, GB18030, CRLF, header row. */
    CSV_GB18030("csv", "GB18030", false, "CRLF"),
    /**
     * JSON Lines, UTF-8, one object per line; counts (INT, LONG) as JSON numbers, everything else
     * as strings; blank fields left out.
     */
    JSONL("jsonl", "UTF-8", false, "LF");

    private final String extension;
    private final String charsetName;
    private final boolean bom;
    private final String lineEnding;

    FileFormat(String extension, String charsetName, boolean bom, String lineEnding) {
        this.extension = extension;
        this.charsetName = charsetName;
        this.bom = bom;
        this.lineEnding = lineEnding;
    }

    /** File name extension without the dot: {@code csv} or {@code jsonl}. */
    String extension() {
        return extension;
    }

    Charset charset() {
        return charsetName.equals("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName(charsetName);
    }

    /** Encoding label for the report: {@code UTF-8}, {@code UTF-8-BOM} or {@code GB18030}. */
    String encodingLabel() {
        return bom ? charsetName + "-BOM" : charsetName;
    }

    boolean bom() {
        return bom;
    }

    /** {@code LF} or {@code CRLF}. */
    String lineEnding() {
        return lineEnding;
    }

    String newline() {
        return lineEnding.equals("CRLF") ? "\r\n" : "\n";
    }

    boolean csv() {
        return this != JSONL;
    }
}
