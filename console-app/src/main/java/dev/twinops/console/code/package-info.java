/**
 * Copy as code: what an operation or twin edit does, as service SDK Java and an az CLI command
 * ({@link dev.twinops.console.code.CopyAsCode}, pure text) and the dialog content that shows and copies it
 * ({@link dev.twinops.console.code.CodeView}). Depends on no feature package.
 */
package dev.twinops.console.code;
