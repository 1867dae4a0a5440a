/**
 * Writing the console's own files under the TwinOps home (saved connections, the query library): whole or not at
 * all, and those holding secrets readable by their owner only. Depends on no feature package, so any may use it.
 */
package dev.twinops.console.storage;
