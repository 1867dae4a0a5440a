/**
 * Dress rehearsal of a rollout: copy a fleet's shape from a hub (read only) to a local rehearsal hub, run the plan
 * there on simulated devices, run it unchanged on the real hub, and compare predicted with actual per wave.
 *
 * <ul>
 *   <li>{@link dev.twinops.rollout.rehearsal.FleetShapeCopy}: {@code estimate} (one COUNT query: devices, query
 *       pages, time on the source tier's query budget) and {@code copy} (devices through bulk registry requests,
 *       tags through twin updates, and a {@link dev.twinops.rollout.rehearsal.FleetShape} the simulator reads).</li>
 *   <li>{@link dev.twinops.rollout.rehearsal.SourceFleet}: the source hub, queries only;
 *       {@link dev.twinops.rollout.rehearsal.RehearsalHub}: where the copy writes.</li>
 *   <li>{@link dev.twinops.rollout.rehearsal.FleetSample}: the deterministic, stratified 1/N sample.</li>
 *   <li>{@link dev.twinops.rollout.rehearsal.RehearsalComparison}: predicted (rehearsal report) against actual
 *       (live report), per wave; JSON, CSV and markdown.</li>
 * </ul>
 *
 * <p>Headless (no JavaFX): every call blocks, so a window calls it off its UI thread.
 */
package dev.twinops.rollout.rehearsal;
