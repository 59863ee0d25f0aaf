package org.livegov.metrics.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three tables of a benchmark computation, with the schemas {@link Benchmark#INDICATORS_SCHEMA},
 * {@link Benchmark#SCORES_SCHEMA} and {@link Benchmark#SENSITIVITY_SCHEMA}.
 *
 * @param indicators  one row per (quarter, role, entity, indicator): value, interval, shrunk value, funnel, score
 * @param scores      one row per (quarter, role, entity): composite, rank and its 90 % Monte Carlo interval
 * @param sensitivity one row per (quarter, role, alternative weighting, entity): rank and its shift
 */
public record BenchmarkResult(Dataset<Row> indicators, Dataset<Row> scores, Dataset<Row> sensitivity) {
}
