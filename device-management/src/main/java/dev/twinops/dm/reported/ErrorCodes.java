package dev.twinops.dm.reported;

/** The {@code error.code} values a device reports when an operation fails. */
public final class ErrorCodes {

    /** The package could not be fetched (bad host, HTTP error status, connection lost midway, file missing). */
    public static final String DOWNLOAD_FAILED = "DOWNLOAD_FAILED";
    /**
     * The package's location is not one the device downloads from: a scheme, host or directory outside what it was
     * configured to allow. Nothing was read.
     */
    public static final String SOURCE_NOT_ALLOWED = "SOURCE_NOT_ALLOWED";
    /** The package is larger than the device accepts; the download stopped at the limit. */
    public static final String PACKAGE_TOO_LARGE = "PACKAGE_TOO_LARGE";
    /** The package's SHA-256 differs from {@code fwPackageCheckValue}. */
    public static final String CHECKSUM_MISMATCH = "CHECKSUM_MISMATCH";
    /** The image was verified but writing it to the device failed; the old firmware stays. */
    public static final String APPLY_FAILED = "APPLY_FAILED";
    /** The device lost power or its connection while the operation ran; the operation was abandoned. */
    public static final String INTERRUPTED = "INTERRUPTED";
    /** The operation stopped making progress and the device's watchdog reset it. */
    public static final String WATCHDOG_RESET = "WATCHDOG_RESET";
    /** The reboot itself failed (the device came back without completing it). */
    public static final String REBOOT_FAILED = "REBOOT_FAILED";

    private ErrorCodes() {
    }
}
