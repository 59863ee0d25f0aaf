package org.livegov.metrics.time;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.livegov.metrics.TestSpark;

class WorkingDayCalendarDatasetTest {

    @Test
    void ordinalDifferenceIsWorkingDaysBetween() {
        SparkSession spark = TestSpark.session();
        WorkingDayCalendar cal = WorkingDayCalendarTest.calendar2024();
        Dataset<Row> days = cal.asDataset(spark);
        assertEquals(366, days.count());
        assertEquals(List.of("day", "is_working_day", "working_day_ordinal"), List.of(days.schema().fieldNames()));
        for (StructField f : days.schema().fields()) {
            assertFalse(f.nullable(), f.name());
        }

        // received, accepted, working days worked out in WorkingDayCalendarTest
        List<Row> pairs = List.of(
                RowFactory.create(LocalDate.parse("2024-02-08"), LocalDate.parse("2024-02-23")), // 7
                RowFactory.create(LocalDate.parse("2024-02-12"), LocalDate.parse("2024-02-26")), // 7
                RowFactory.create(LocalDate.parse("2024-02-02"), LocalDate.parse("2024-02-05")), // 2
                RowFactory.create(LocalDate.parse("2024-01-01"), LocalDate.parse("2024-12-31"))); // 251
        StructType schema = new StructType()
                .add("received_day", DataTypes.DateType, false)
                .add("accepted_day", DataTypes.DateType, false);
        // The join documented on asDataset.
        List<Row> out = spark.createDataFrame(pairs, schema)
                .join(broadcast(days.select(col("day").as("received_day"), col("working_day_ordinal").as("received_ord"))), "received_day")
                .join(broadcast(days.select(col("day").as("accepted_day"), col("working_day_ordinal").as("accepted_ord"))), "accepted_day")
                .withColumn("acceptance_working_days", col("accepted_ord").minus(col("received_ord")))
                .orderBy("received_day", "accepted_day")
                .select("received_day", "accepted_day", "acceptance_working_days")
                .collectAsList();

        assertEquals(4, out.size());
        for (Row r : out) {
            LocalDate received = r.getDate(0).toLocalDate();
            LocalDate accepted = r.getDate(1).toLocalDate();
            assertEquals(cal.workingDaysBetween(received, accepted), r.getInt(2), received + " -> " + accepted);
        }
        assertEquals(List.of(251, 2, 7, 7), out.stream().map(r -> r.getInt(2)).toList());
    }
}
