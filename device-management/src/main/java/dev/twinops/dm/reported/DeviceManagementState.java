package dev.twinops.dm.reported;

/** Reported {@code iothubDM}: one section per operation; a section is null until the device first reports it. */
public record DeviceManagementState(RebootState reboot, FactoryResetState factoryReset,
                                    FirmwareUpdateState firmwareUpdate) {

    public static final DeviceManagementState EMPTY = new DeviceManagementState(null, null, null);
}
