package dev.twinops.console.rehearsal;

/** One figure of one wave, predicted (the rehearsal) and actual (the live run), as the table shows it. */
public record ComparisonRow(String wave, String figure, String predicted, String actual) {
}
