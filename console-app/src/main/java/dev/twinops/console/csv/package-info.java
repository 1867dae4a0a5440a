/**
 * CSV files the console writes ({@link dev.twinops.console.csv.CsvTable}): quoting, UTF-8 and spreadsheet-safe cells
 * in one place. Depends on no feature package; the device list and the jobs view export through it.
 */
package dev.twinops.console.csv;
