package dev.twinops.hub.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IoT Hub shared access signature:
 * {@code SharedAccessSignature sr=<resource>&sig=<signature>&se=<expiry epoch seconds>[&skn=<policy name>]}.
 *
 * <p>The signature is HMAC-SHA256, keyed with the base64-decoded key, over {@code sr + "\n" + se}, with
 * {@code sr} exactly as it appears in the token (both SDKs sign what they send: the device SDK
 * {@code host/devices/<url-encoded id>}, the service SDK the url-encoded host). The resource the token is for,
 * and so its scope, is that same {@code sr} percent-decoded exactly once. One form is signed and the same form
 * is scoped: a token resent with {@code sr} decoded, or encoded once more ({@code %252F} for {@code %2F}), no
 * longer verifies, so it cannot shed the path that scopes it.
 *
 * <p>Fields may come in any order. Instances never expose the signature in {@link #toString()}.
 */
public final class SasToken {

    private static final String PREFIX = "SharedAccessSignature ";
    private static final String HMAC = "HmacSHA256";
    /** A DNS name or IPv4 address with an optional port, a bracketed IPv6 address with one, or a bare IPv6 address. */
    private static final Pattern HOST = Pattern.compile(
            "([A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*");

    /** The outcome of checking a token against keys and the clock. */
    public enum Verdict {
        VALID,
        /** The signature matches none of the keys. */
        SIGNATURE_MISMATCH,
        /** The signature matches, but the expiry lies in the past. */
        EXPIRED
    }

    /** {@code sr} as sent: what the signature covers. */
    private final String rawResource;
    /** {@code sr} decoded once: what the token grants. */
    private final String resource;
    private final byte[] signature;
    private final String rawExpiry;
    private final long expiresAtEpochSeconds;
    private final String keyName;

    private SasToken(String rawResource, String resource, byte[] signature, String rawExpiry,
                     long expiresAtEpochSeconds, String keyName) {
        this.rawResource = rawResource;
        this.resource = resource;
        this.signature = signature;
        this.rawExpiry = rawExpiry;
        this.expiresAtEpochSeconds = expiresAtEpochSeconds;
        this.keyName = keyName;
    }

    /**
     * Parses a token.
     *
     * @throws InvalidSasTokenException naming what is wrong (never echoing the signature)
     */
    public static SasToken parse(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidSasTokenException("SAS token is empty");
        }
        String trimmed = token.strip();
        if (!trimmed.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new InvalidSasTokenException("SAS token must start with 'SharedAccessSignature '");
        }
        String rawSr = null;
        String rawSig = null;
        String rawSe = null;
        String rawSkn = null;
        for (String field : trimmed.substring(PREFIX.length()).strip().split("&")) {
            if (field.isEmpty()) {
                continue;
            }
            int eq = field.indexOf('=');
            if (eq <= 0) {
                throw new InvalidSasTokenException("SAS token field '" + fieldName(field) + "' has no value");
            }
            String name = field.substring(0, eq);
            String value = field.substring(eq + 1);
            switch (name) {
                case "sr" -> rawSr = once(name, rawSr, value);
                case "sig" -> rawSig = once(name, rawSig, value);
                case "se" -> rawSe = once(name, rawSe, value);
                case "skn" -> rawSkn = once(name, rawSkn, value);
                default -> throw new InvalidSasTokenException("SAS token has an unknown field '" + fieldName(name) + "'");
            }
        }
        require("sr", rawSr);
        require("sig", rawSig);
        require("se", rawSe);

        long expiry;
        try {
            expiry = Long.parseLong(rawSe);
        } catch (NumberFormatException e) {
            throw new InvalidSasTokenException("SAS token expiry 'se' is not a number of seconds");
        }
        if (expiry < 0) {
            throw new InvalidSasTokenException("SAS token expiry 'se' is negative");
        }
        String decodedSig = percentDecode("sig", rawSig);
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(decodedSig);
        } catch (IllegalArgumentException e) {
            throw new InvalidSasTokenException("SAS token signature 'sig' is not base64");
        }
        if (sig.length == 0) {
            throw new InvalidSasTokenException("SAS token signature 'sig' is empty");
        }
        String skn = rawSkn == null ? null : percentDecode("skn", rawSkn);
        return new SasToken(rawSr, percentDecode("sr", rawSr), sig, rawSe, expiry, skn);
    }

    /**
     * Creates a token string, as the SDKs do: sr signed as given, signature url-encoded.
     *
     * @param resourceUri e.g. {@code myhub.example/devices/dev-1}
     * @param keyName     policy name for service tokens, null for device tokens
     */
    public static String create(String resourceUri, String base64Key, String keyName, Instant expiry) {
        String se = Long.toString(expiry.getEpochSecond());
        byte[] mac = hmac(decodeKey(base64Key), resourceUri + "\n" + se);
        StringBuilder sb = new StringBuilder(PREFIX)
                .append("sr=").append(resourceUri)
                .append("&sig=").append(URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8))
                .append("&se=").append(se);
        if (keyName != null) {
            sb.append("&skn=").append(URLEncoder.encode(keyName, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** The resource ({@code sr}) percent-decoded once: the one form the token is checked and scoped by. */
    public String resourceUri() {
        return resource;
    }

    /**
     * Whether the host part of a resource is a host name, an IPv4 address or a bracketed IPv6 address, with an
     * optional port: nothing an extra round of encoding could hide a path in.
     */
    public static boolean isHostName(String host) {
        return HOST.matcher(host).matches();
    }

    /** The policy name ({@code skn}), present in service tokens. */
    public Optional<String> keyName() {
        return Optional.ofNullable(keyName);
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(expiresAtEpochSeconds);
    }

    public boolean isExpired(Clock clock) {
        return clock.instant().getEpochSecond() >= expiresAtEpochSeconds;
    }

    /**
     * Whether the signature was made with one of the keys. Every key is checked in constant time; keys that
     * are null, empty or not base64 never match.
     */
    public boolean signatureMatches(Collection<String> base64Keys) {
        // sr exactly as sent, never a decoded or re-encoded variant (see the class comment)
        String signed = rawResource + "\n" + rawExpiry;
        boolean match = false;
        for (String key : base64Keys) {
            byte[] keyBytes = key == null || key.isEmpty() ? null : tryDecodeKey(key);
            if (keyBytes == null) {
                continue;
            }
            // no early exit: the time taken does not depend on which key matched
            match |= MessageDigest.isEqual(hmac(keyBytes, signed), signature);
        }
        return match;
    }

    /** Signature first, then expiry, so an expired token is reported as such only to its rightful holder. */
    public Verdict verify(Collection<String> base64Keys, Clock clock) {
        if (!signatureMatches(base64Keys)) {
            return Verdict.SIGNATURE_MISMATCH;
        }
        return isExpired(clock) ? Verdict.EXPIRED : Verdict.VALID;
    }

    @Override
    public String toString() {
        return "SasToken[sr=" + resource + ", se=" + expiresAtEpochSeconds
                + (keyName == null ? "" : ", skn=" + keyName) + "]";
    }

    private static String once(String name, String previous, String value) {
        if (previous != null) {
            throw new InvalidSasTokenException("SAS token field '" + name + "' appears more than once");
        }
        return value;
    }

    private static void require(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidSasTokenException("SAS token is missing field '" + name + "'");
        }
    }

    /** The field name of a malformed field, shortened so a stray signature never ends up in a message. */
    private static String fieldName(String field) {
        return field.length() > 16 ? field.substring(0, 16) + "..." : field;
    }

    /** Percent-decoding only: a literal '+' stays '+', since base64 signatures sent unencoded contain it. */
    private static String percentDecode(String name, String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            // a run of escapes is one UTF-8 byte sequence
            escaped.reset();
            while (i < value.length() && value.charAt(i) == '%') {
                if (i + 2 >= value.length()) {
                    throw new InvalidSasTokenException("SAS token field '" + name + "' has a truncated %-escape");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidSasTokenException("SAS token field '" + name + "' has an invalid %-escape");
                }
                escaped.write(hi << 4 | lo);
                i += 3;
            }
            out.append(escaped.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static byte[] decodeKey(String base64Key) {
        byte[] key = tryDecodeKey(base64Key);
        if (key == null) {
            throw new IllegalArgumentException("key is not base64");
        }
        return key;
    }

    private static byte[] tryDecodeKey(String base64Key) {
        try {
            byte[] key = Base64.getDecoder().decode(base64Key);
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
