package dev.twinops.dm.method;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Payload of the {@code firmwareUpdate} method, with the field names of IoT Hub's firmware-update tutorials:
 * {@code {"fwPackageUri": "https://...", "fwPackageCheckValue": "<sha-256 hex>", "version": "2.1.0",
 * "operationId": "..."}}. The check value is stored in lower case.
 */
public record FirmwareUpdateRequest(String fwPackageUri, String fwPackageCheckValue, String version,
                                    String operationId) {

    public static final Set<String> SUPPORTED_SCHEMES = Set.of("http", "https", "file");
    public static final int MAX_VERSION_LENGTH = 64;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+\\-]*");

    public FirmwareUpdateRequest {
        packageUri(fwPackageUri);
        if (fwPackageCheckValue == null || fwPackageCheckValue.isBlank()) {
            throw new InvalidRequestException("fwPackageCheckValue is required (SHA-256 of the package, 64 hex digits)");
        }
        fwPackageCheckValue = fwPackageCheckValue.trim().toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(fwPackageCheckValue).matches()) {
            throw new InvalidRequestException("fwPackageCheckValue must be a SHA-256 digest: 64 hex digits (got "
                    + fwPackageCheckValue.length() + " characters)");
        }
        if (version == null || version.isBlank()) {
            throw new InvalidRequestException("version is required (the firmware version the package installs)");
        }
        if (version.length() > MAX_VERSION_LENGTH) {
            throw new InvalidRequestException("version is longer than " + MAX_VERSION_LENGTH + " characters");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidRequestException("version may only contain letters, digits and . _ + - (got '"
                    + OperationIds.abbreviate(version) + "')");
        }
        OperationIds.validate(operationId);
    }

    /** The package location as a URI; validated on construction, so this never throws for a built request. */
    public URI packageUri() {
        return packageUri(fwPackageUri);
    }

    private static URI packageUri(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("fwPackageUri is required");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("fwPackageUri is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !SUPPORTED_SCHEMES.contains(scheme)) {
            throw new InvalidRequestException("fwPackageUri must be an http, https or file URI (got '"
                    + OperationIds.abbreviate(text) + "')");
        }
        if (!"file".equals(scheme) && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw new InvalidRequestException("fwPackageUri has no host: '" + OperationIds.abbreviate(text) + "'");
        }
        if ("file".equals(scheme) && (uri.getPath() == null || uri.getPath().isEmpty())) {
            throw new InvalidRequestException("fwPackageUri file URI has no path");
        }
        return uri;
    }
}
