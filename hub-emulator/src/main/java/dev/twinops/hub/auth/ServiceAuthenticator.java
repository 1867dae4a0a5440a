package dev.twinops.hub.auth;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the {@code Authorization} header of a service call: a hub-level SAS token
 * ({@code SharedAccessSignature sr=<host>&sig=..&se=..&skn=<policy>}) signed with the primary or secondary key
 * of the named policy, not expired, for this hub, from a policy that grants one of the permissions the call
 * needs. Every refusal is 401 IotHubUnauthorizedAccess, with a message that says why but never echoes a key
 * or signature.
 *
 * <p>The resource {@code sr} must name this hub: its host, with or without the port, case-insensitive,
 * url-encoded or not. As in IoT Hub, it may go on with a path that scopes the token to requests under that
 * path, by whole segments ({@code host/devices} covers {@code /devices/d1}, not {@code /devicesx}).
 */
public final class ServiceAuthenticator {

    private final SharedAccessPolicies policies;
    private final Set<String> hubNames;
    private final Clock clock;

    /**
     * @param hubNames the host names {@code sr} may start with (a port after them is ignored), e.g.
     *                 {@code 127.0.0.1}; empty accepts any host (a hub bound to a wildcard address)
     */
    public ServiceAuthenticator(SharedAccessPolicies policies, Collection<String> hubNames, Clock clock) {
        this.policies = policies;
        this.hubNames = hubNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.clock = clock;
    }

    /**
     * @param authorization the {@code Authorization} header, possibly null
     * @param requestPath   the request's path, e.g. {@code /twins/dev-1}
     * @param anyOf         the call is allowed if the policy grants at least one of these
     * @return the policy the token was signed with
     * @throws HubException 401 when the call is not authorised
     */
    public SharedAccessPolicy authorize(String authorization, String requestPath, Set<Permission> anyOf) {
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized("The request has no Authorization header; send a SharedAccessSignature token");
        }
        SasToken token;
        try {
            token = SasToken.parse(authorization);
        } catch (InvalidSasTokenException e) {
            throw unauthorized("Malformed Authorization header: " + e.getMessage());
        }
        String policyName = token.keyName().orElseThrow(() -> unauthorized(
                "The SAS token names no shared access policy (skn); service calls need a hub-level policy token"));
        SharedAccessPolicy policy = policies.policy(policyName).orElseThrow(() -> unauthorized(
                "Unknown shared access policy '" + policyName + "'"));
        checkResource(token.resourceUri(), requestPath);
        switch (token.verify(List.of(policy.primaryKey(), policy.secondaryKey()), clock)) {
            case SIGNATURE_MISMATCH -> throw unauthorized(
                    "The SAS token's signature does not match the keys of shared access policy '" + policyName + "'");
            case EXPIRED -> throw unauthorized("The SAS token expired at " + token.expiresAt());
            case VALID -> {
            }
        }
        if (!policy.grantsAnyOf(anyOf)) {
            throw unauthorized("Shared access policy '" + policyName + "' lacks the permission this call needs ("
                    + anyOf.stream().map(Permission::displayName).sorted().collect(Collectors.joining(" or ")) + ")");
        }
        return policy;
    }

    private void checkResource(String resource, String requestPath) {
        String sr = resource.toLowerCase(Locale.ROOT);
        if (sr.startsWith("https://")) {
            sr = sr.substring("https://".length());
        }
        int slash = sr.indexOf('/');
        String host = slash < 0 ? sr : sr.substring(0, slash);
        String scope = slash < 0 ? "" : trimSlashes(sr.substring(slash));
        if (!SasToken.isHostName(host)) {
            // also with no hub names to check against (a wildcard bind): '%' or other debris is not a host
            throw unauthorized("The SAS token's resource does not start with a host name");
        }
        if (!hubNames.isEmpty() && !hubNames.contains(withoutPort(host))) {
            throw unauthorized("The SAS token is for '" + host + "', not for this hub (" + String.join(" or ", hubNames) + ")");
        }
        if (!scope.isEmpty()) {
            String path = trimSlashes(requestPath.toLowerCase(Locale.ROOT));
            if (!(path.equals(scope) || path.startsWith(scope + "/"))) {
                throw unauthorized("The SAS token is scoped to '/" + scope + "', which does not cover this request");
            }
        }
    }

    /** {@code host:8443} -> {@code host}, {@code [::1]:8443} -> {@code ::1}; a bare IPv6 literal stays as is. */
    static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        if (colon >= 0 && colon == host.lastIndexOf(':')) {
            return host.substring(0, colon);
        }
        return host;
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static HubException unauthorized(String message) {
        return new HubException(HubError.IOTHUB_UNAUTHORIZED_ACCESS, message);
    }
}
