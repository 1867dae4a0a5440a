/**
 * Importing devices from a CSV file: reading and checking the file ({@link dev.twinops.console.imports.DeviceCsvReader}),
 * registering the devices through IoT Hub's bulk registry operation and setting their tags
 * ({@link dev.twinops.console.imports.DeviceImporter}), the per-row results and their CSV export, the view model and
 * the dialog. Keys read from the file go to the hub and nowhere else: not into logs, the results or the journal.
 */
package dev.twinops.console.imports;
