package org.livegov.jobs.bronze;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The bronze row shape (see {@link org.livegov.jobs.bronze.BronzeIngest}). */
public final class BronzeShape {
    public static final StructType SCHEMA = new StructType()
            .add("batch_id", DataTypes.StringType)
            .add("source_file", DataTypes.StringType)
            .add("source_checksum", DataTypes.StringType)
            .add("source_format", DataTypes.StringType)
            .add("source_encoding", DataTypes.StringType)
            .add("ingested_at", DataTypes.TimestampType)
            .add("record", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType))
            .add("malformed", DataTypes.StringType);

    private BronzeShape() {
    }
}
