package dev.twinops.rollout.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The rollout module's Jackson setup: ISO-8601 times and durations ({@code "PT30M"}) as text, nulls left out.
 * Plans are read strictly (an unknown field is a typo the operator must hear about); saved states leniently.
 */
public final class RolloutJson {

    private static final ObjectMapper LENIENT = base()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final ObjectMapper STRICT = base()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    private RolloutJson() {
    }

    /** Shared, thread-safe; ignores unknown fields (a state saved by a newer version still loads). */
    public static ObjectMapper mapper() {
        return LENIENT;
    }

    /** Shared, thread-safe; refuses unknown fields. */
    public static ObjectMapper strict() {
        return STRICT;
    }

    private static ObjectMapper base() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
