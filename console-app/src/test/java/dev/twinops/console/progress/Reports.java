package dev.twinops.console.progress;

import dev.twinops.dm.reported.ReportedDeviceState;

/** Reported properties as a device writes them, for the progress tests. */
final class Reports {

    private Reports() {
    }

    static ReportedDeviceState firmware(String version, String status, String operationId, Integer progress,
                                        String errorCode) {
        String error = errorCode == null ? "null" : "{\"code\":\"" + errorCode + "\",\"message\":\"it broke\"}";
        return ReportedDeviceState.fromJson("{\"firmwareVersion\":\"" + version + "\",\"iothubDM\":{\"firmwareUpdate\":"
                + "{\"status\":\"" + status + "\",\"operationId\":\"" + operationId + "\",\"progress\":" + progress
                + ",\"targetVersion\":\"2.0.0\",\"error\":" + error + "}}}");
    }

    static ReportedDeviceState reboot(String status, String operationId, String lastReboot) {
        return ReportedDeviceState.fromJson("{\"firmwareVersion\":\"1.0.0\",\"iothubDM\":{\"reboot\":{\"status\":\""
                + status + "\",\"operationId\":\"" + operationId + "\",\"lastReboot\":"
                + (lastReboot == null ? "null" : "\"" + lastReboot + "\"") + "}}}");
    }

    static ReportedDeviceState factory(String version) {
        return ReportedDeviceState.fromJson("{\"firmwareVersion\":\"" + version + "\"}");
    }
}
