package dev.twinops.console.devices;

import java.util.Objects;

/** A query the operator named, e.g. "Plant 1 canaries" = {@code tags.site = 'plant-1' AND tags.ring = 'canary'}. */
public record SavedQuery(String name, String query) {

    public SavedQuery {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
    }

    @Override
    public String toString() {
        return name;
    }
}
