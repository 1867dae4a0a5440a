package dev.twinops.hub.auth;

import java.util.EnumSet;
import java.util.Set;

/**
 * A hub-level shared access policy: a name, the permissions it grants and its two keys (base64).
 * {@link #toString()} never shows the keys.
 */
public record SharedAccessPolicy(String name, Set<Permission> permissions, String primaryKey, String secondaryKey) {

    public SharedAccessPolicy {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    public boolean grantsAnyOf(Set<Permission> wanted) {
        for (Permission p : wanted) {
            if (permissions.contains(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "SharedAccessPolicy[" + name + " " + permissions + "]";
    }
}
