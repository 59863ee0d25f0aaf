package org.livegov.metrics.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.contract.Feed;
import org.livegov.metrics.TestSpark;

/**
 * A birth date is reduced at the first read to the day its holder turns 16 (issue 13 item 7): the
 * under-16 check needs that day exactly and nothing more of the date.
 */
class BirthDateTest {
    static final SparkSession spark = TestSpark.session();

    @Test
    void theDayOfTheSixteenthBirthday() {
        assertEquals("2026-04-10", PersonalData.turns16("2010-04-10"));    // 2010 + 16 = 2026, same day
        assertEquals("2026-04-10", PersonalData.turns16(" 2010-04-10 "));  // blanks around are ignored
        assertEquals("2024-02-29", PersonalData.turns16("2008-02-29"));    // 2024 is a leap year
        assertEquals("2026-02-28", PersonalData.turns16("2010-02-28"));
        // 16 on or before 2014-01-01 (18 by 2016-01-01, before live commerce): only the floor is kept
        assertEquals("2014-01-02", PersonalData.turns16("1998-01-02"));    // 1998 + 16 = 2014-01-02: kept
        assertEquals("2014-01-01", PersonalData.turns16("1998-01-01"));    // exactly the floor
        assertEquals("2014-01-01", PersonalData.turns16("1997-12-31"));    // 2013-12-31 → floor
        assertEquals("2014-01-01", PersonalData.turns16("1975-06-15"));    // 1991-06-15 → floor
        assertEquals("invalid", PersonalData.turns16("2009-02-29"));       // 2009 is not a leap year
        assertEquals("invalid", PersonalData.turns16("2010/04/10"));       // not yyyy-MM-dd
        assertEquals("invalid", PersonalData.turns16("1990-3-7"));
        assertNull(PersonalData.turns16(null));
        assertEquals("", PersonalData.turns16(""));                        // blank stays blank (= not given)
    }

    @Test
    void bronzeKeepsNoBirthDate() {
        Pseudonymiser p = new Pseudonymiser("test-key-0123456789".getBytes(StandardCharsets.UTF_8));
        StructType schema = new StructType()
                .add("record", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
                .add("malformed", DataTypes.StringType);
        Map<String, String> a1 = new LinkedHashMap<>();
        a1.put("anchor_id", "A1");
        a1.put("identity_number", "330106199003071236");
        a1.put("birth_date", "1990-03-07");
        Map<String, String> a2 = new LinkedHashMap<>();
        a2.put("anchor_id", "A2");
        a2.put("birth_date", "1990-02-30");
        Dataset<Row> rows = spark.createDataFrame(List.of(
                RowFactory.create(scala(a1), null),
                RowFactory.create(scala(a2), null),
                // an unparsable row: its raw text keeps no date-like text
                RowFactory.create(scala(Map.of()), "A3,DY,x,330106199003071236,,1990-03-07,\"oops")), schema);
        List<Row> out = PersonalData.protect(rows, Feed.ANCHORS, p).collectAsList();
        // A1: born 1990-03-07 → turns 16 on 2006-03-07, before the floor 2014-01-01: only the floor is
        // kept; the identity number becomes its pseudonym
        Map<String, String> r1 = out.get(0).getJavaMap(0);
        assertEquals("2014-01-01", r1.get("birth_date"));
        assertEquals(p.pseudonym("id", "330106199003071236"), r1.get("identity_number"));
        // A2: 30 February is no date: "invalid", so silver still quarantines it (BAD_DATE)
        assertEquals("invalid", out.get(1).<String, String>getJavaMap(0).get("birth_date"));
        String raw = out.get(2).getString(1);
        assertEquals("A3,DY,x,#id:" + p.pseudonym("id", "330106199003071236") + "#,,#date#,\"oops", raw);
        for (Row r : out) {
            assertFalse(String.valueOf(r).contains("1990-03-07") || String.valueOf(r).contains("1990-02"), String.valueOf(r));
        }
    }

    static scala.collection.Map<String, String> scala(Map<String, String> m) {
        return scala.jdk.javaapi.CollectionConverters.asScala(m);
    }
}
