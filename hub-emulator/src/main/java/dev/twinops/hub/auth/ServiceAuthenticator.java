package dev.twinops.hub.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the {@code Authorization} header of a service call: a hub-level SAS token
 * ({@code SharedAccessSignature sr=<host>&sig=..&se=..&skn=<policy>}) signed with the primary or secondary key
 * of the named policy, not expired, for this hub, from a policy that grants one of the permissions the call
 * needs. Every refusal is 401 IotHubUnauthorizedAccess. Until the signature is verified the message is one and the
 * same whatever is wrong (no header, malformed, unknown policy, wrong key), so a caller without a key learns nothing
 * about the hub's policies; after it, the message says why (expired, another hub, outside the token's scope,
 * lacking permission). No message echoes a key or signature.
 *
 * <p>The resource {@code sr} must name this hub: its host, with or without the port, case-insensitive,
 * url-encoded or not. As in IoT Hub, it may go on with a path that scopes the token to requests under that
 * path, by whole segments ({@code host/devices} covers {@code /devices/d1}, not {@code /devicesx}).
 */
public final class ServiceAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceAuthenticator.class);

    /** The answer to every call whose token is not signed with a key of the policy it names, whatever else is wrong. */
    static final String NOT_AUTHENTICATED = "Unauthorized: send a SharedAccessSignature token signed with a key of"
            + " one of this hub's shared access policies";
    /** Checked against when the token names no policy of the hub (it never matches: 32 bytes nobody holds). */
    private static final String UNKNOWN_POLICY_KEY = randomKey();

    /** A service client sends one token for many calls (the SDK renews it hourly): enough for many clients. */
    static final int VERIFIED_TOKENS = 1024;

    private final SharedAccessPolicies policies;
    private final Set<String> hubNames;
    private final Clock clock;
    /**
     * Authorization headers whose signature was verified, with the policy (and so the keys) it was verified
     * against: a client's repeated calls then skip the HMAC. Only verified tokens get in, so a caller without a
     * key cannot fill it; expiry, resource and permission are still checked on every call.
     */
    private final Cache<String, SharedAccessPolicy> verified = Caffeine.newBuilder()
            .maximumSize(VERIFIED_TOKENS)
            .expireAfterAccess(Duration.ofHours(1))
            // its upkeep runs on the caller (an event loop; a few entries at a time) rather than in the common
            // fork-join pool, which every few calls would wake a thread for it in the middle of a request
            .executor(Runnable::run)
            .build();

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
        // until the signature is verified the caller has shown no key: whatever is wrong, one answer that says
        // nothing about the hub's policies (which exist, which key) or names
        if (authorization == null || authorization.isBlank()) {
            throw notAuthenticated("no Authorization header");
        }
        SasToken token;
        try {
            token = SasToken.parse(authorization);
        } catch (InvalidSasTokenException e) {
            throw notAuthenticated("malformed token: " + e.getMessage());
        }
        String policyName = token.keyName().orElseThrow(() -> notAuthenticated("no policy name (skn)"));
        SharedAccessPolicy policy = policies.policy(policyName).orElse(null);
        if (policy == null) {
            // as long as checking two keys takes, so the time taken does not tell which policies exist either
            token.signatureMatches(List.of(UNKNOWN_POLICY_KEY, UNKNOWN_POLICY_KEY));
            throw notAuthenticated("unknown policy");
        }
        // verified before against the same keys (equals compares them): the same bytes verify again
        if (!policy.equals(verified.getIfPresent(authorization))) {
            if (!token.signatureMatches(List.of(policy.primaryKey(), policy.secondaryKey()))) {
                throw notAuthenticated("signature matches neither key of the named policy");
            }
            verified.put(authorization, policy);
        }
        // signed with the policy's key: its holder may learn what else is wrong
        if (token.isExpired(clock)) {
            throw unauthorized("The SAS token expired at " + token.expiresAt());
        }
        checkResource(token.resourceUri(), requestPath);
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

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** The one answer before a signature is verified; the reason goes to the debug log only. */
    private static HubException notAuthenticated(String reason) {
        LOG.debug("Service call refused before its signature was verified: {}", reason);
        return unauthorized(NOT_AUTHENTICATED);
    }
}
