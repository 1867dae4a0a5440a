package dev.twinops.hub.state;

import java.util.Locale;
import java.util.Optional;

/**
 * What a bulk registry request does with one device ({@code importMode} of IoT Hub's ExportImportDevice). The
 * "IfMatchETag" modes act only when the given eTag is the device's; the others ignore eTags.
 */
public enum ImportMode {
    /** Registers a new device; DeviceAlreadyExists if there is one. */
    CREATE("create"),
    /** Registers the device, or overwrites the one there is. */
    CREATE_OR_UPDATE("createOrUpdate"),
    /** Registers the device, or overwrites the one there is if the eTag matches (PreconditionFailed otherwise). */
    CREATE_OR_UPDATE_IF_MATCH_ETAG("createOrUpdateIfMatchETag"),
    /** Overwrites the device; DeviceNotFound if there is none. */
    UPDATE("update"),
    /** Overwrites the device if the eTag matches. */
    UPDATE_IF_MATCH_ETAG("updateIfMatchETag"),
    /** Deletes the device; DeviceNotFound if there is none. */
    DELETE("delete"),
    /** Deletes the device if the eTag matches. */
    DELETE_IF_MATCH_ETAG("deleteIfMatchETag");

    private final String wireName;

    ImportMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    boolean mayCreate() {
        return this == CREATE || this == CREATE_OR_UPDATE || this == CREATE_OR_UPDATE_IF_MATCH_ETAG;
    }

    boolean mayUpdate() {
        return this != CREATE && !deletes();
    }

    boolean deletes() {
        return this == DELETE || this == DELETE_IF_MATCH_ETAG;
    }

    boolean checksETag() {
        return this == CREATE_OR_UPDATE_IF_MATCH_ETAG || this == UPDATE_IF_MATCH_ETAG || this == DELETE_IF_MATCH_ETAG;
    }

    /** The mode a wire name stands for, in any case (the SDKs send "create", "Create" or "CREATE"). */
    public static Optional<ImportMode> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ImportMode mode : values()) {
            if (mode.wireName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
