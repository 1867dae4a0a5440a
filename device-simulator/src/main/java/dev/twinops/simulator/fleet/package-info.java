/**
 * Running a simulated fleet in-process: {@link dev.twinops.simulator.fleet.SimulatedFleet#start} with a
 * {@link dev.twinops.simulator.fleet.FleetConfig} built for a {@link dev.twinops.simulator.fleet.HubTarget} (a local
 * hub's {@code connection.json}, or an Azure connection string). The fleet registers missing devices (tags
 * {@code site}, {@code model}, {@code ring}, {@code simulated}), connects them with bounded parallelism, publishes
 * {@link dev.twinops.simulator.fleet.FleetSummary} counts to listeners on the caller's executor, and stops every
 * device on {@code close()} / {@code closeAsync()}.
 *
 * <p>Trust: device connections use the hub CA through the SDK's own SSLContext option; registration uses the
 * service SDK, which only honours JVM-wide trust, so the fleet trusts the CA for the hub's service address in
 * {@link dev.twinops.hubclient.trust.PerHubTrust#jvm()} (every other server keeps the JDK's roots, never trust-all)
 * unless the caller turns that off because it manages trust itself. Firmware downloads use a
 * {@link dev.twinops.hubclient.trust.PerHubTrust#standalone()} trust with the same rule. Devices are registered 100
 * a request with {@link dev.twinops.hubclient.registry.BulkRegistryOperation}.
 */
package dev.twinops.simulator.fleet;
