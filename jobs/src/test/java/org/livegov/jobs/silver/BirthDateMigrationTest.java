package org.livegov.jobs.silver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Date;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livegov.jobs.SparkTestBase;
import org.livegov.jobs.Warehouse;
import org.livegov.metrics.contract.Feed;

/** A warehouse from before birth dates were reduced is migrated once, idempotently. */
@Tag("slow")
class BirthDateMigrationTest extends SparkTestBase {
    @TempDir
    Path tmp;

    @Test
    void birthDateBecomesTurns16AndLeavesBronze() {
        Warehouse wh = new Warehouse(tmp.toString());
        StructType silver = new StructType().add("anchor_id", DataTypes.StringType).add("birth_date", DataTypes.DateType);
        spark.createDataFrame(List.of(RowFactory.create("A1", Date.valueOf("1990-03-07")),
                        RowFactory.create("A2", Date.valueOf("2008-02-29")), RowFactory.create("A3", null)), silver)
                .write().format("delta").save(wh.silver(Feed.ANCHORS));
        StructType bronze = new StructType().add("batch_id", DataTypes.StringType)
                .add("record", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
        spark.createDataFrame(List.of(RowFactory.create("b1",
                        scala.jdk.javaapi.CollectionConverters.asScala(Map.of("anchor_id", "A1", "birth_date", "1990-03-07")))),
                bronze).write().format("delta").partitionBy("batch_id").save(wh.bronze(Feed.ANCHORS));
        PrintStream out = new PrintStream(new ByteArrayOutputStream());
        assertTrue(BirthDateMigration.run(spark, wh, out));
        // 1990-03-07 + 16 y = 2006-03-07, before the floor: 2014-01-01; 2008-02-29 + 192 months =
        // 2024-02-29 (leap); blank stays blank (not the floor)
        List<Row> s = delta(wh.silver(Feed.ANCHORS)).orderBy("anchor_id").collectAsList();
        assertFalse(Arrays.asList(delta(wh.silver(Feed.ANCHORS)).columns()).contains("birth_date"));
        assertEquals(Date.valueOf("2014-01-01"), s.get(0).getAs("turns_16_on"));
        assertEquals(Date.valueOf("2024-02-29"), s.get(1).getAs("turns_16_on"));
        assertTrue(s.get(2).isNullAt(s.get(2).fieldIndex("turns_16_on")));
        Row b = delta(wh.bronze(Feed.ANCHORS)).first();
        assertEquals(Map.of("anchor_id", "A1"), b.getJavaMap(b.fieldIndex("record")));
        // second time: nothing to do
        assertFalse(BirthDateMigration.run(spark, wh, out));
    }
}
