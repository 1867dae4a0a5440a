/**
 * The device-management contract shared by the console and devices (docs/device-management-protocol.md):
 * method names ({@link dev.twinops.dm.DmMethod}), payloads and answers ({@code dev.twinops.dm.method}), the
 * reported {@code iothubDM} schema, typed reading of a twin and judging an operation's outcome
 * ({@code dev.twinops.dm.reported}), and the shared JSON configuration ({@code dev.twinops.dm.json}).
 */
package dev.twinops.dm;
