/**
 * IoT Hub's published limits, written down once for the local hub (which enforces them) and the console (which
 * paces itself and checks edits by them): the tiers and their units ({@link dev.twinops.limits.IotHubTier}), the
 * operation throttles of a number of units of a tier ({@link dev.twinops.limits.TierLimits}) and the rules a twin
 * section must follow ({@link dev.twinops.limits.TwinDocumentRules}).
 *
 * <p>Sources, as published by Microsoft: "IoT Hub quotas and throttling"
 * (learn.microsoft.com/azure/iot-hub/iot-hub-devguide-quotas-throttling), "Choose the right IoT Hub tier and size"
 * (learn.microsoft.com/azure/iot-hub/iot-hub-scaling) and "Understand and use device twins in IoT Hub"
 * (learn.microsoft.com/azure/iot-hub/iot-hub-devguide-device-twins). Each figure names its page.
 *
 * <p>Data and pure checks only: no clock, no I/O, no UI, no SDK.
 */
package dev.twinops.limits;
