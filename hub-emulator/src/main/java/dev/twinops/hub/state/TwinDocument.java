package dev.twinops.hub.state;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * One twin's versioned content, immutable by convention: tags, and the desired and reported sections each
 * holding its properties plus {@code $metadata} and {@code $version}, exactly as the service twin shows them.
 *
 * @param properties {@code {"desired":..., "reported":...}}, built once so every read shares it
 */
record TwinDocument(long version, ObjectNode tags, ObjectNode desired, ObjectNode reported, ObjectNode properties) {

    static TwinDocument of(long version, ObjectNode tags, ObjectNode desired, ObjectNode reported) {
        ObjectNode properties = TwinMerge.newObject(2);
        properties.set("desired", desired);
        properties.set("reported", reported);
        return new TwinDocument(version, tags, desired, reported, properties);
    }

    long desiredVersion() {
        return desired.path(TwinRules.VERSION).asLong();
    }

    long reportedVersion() {
        return reported.path(TwinRules.VERSION).asLong();
    }

    /** IoT Hub's twin etag: base64 of the twin version as 8 big-endian bytes (version 7 gives "AAAAAAAAAAc="). */
    String etag() {
        return etagOf(version);
    }

    static String etagOf(long version) {
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(version).array());
    }
}
