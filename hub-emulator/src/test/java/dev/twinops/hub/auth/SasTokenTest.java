package dev.twinops.hub.auth;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSasToken;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SasTokenTest {

    private static final String KEY = randomKey();
    private static final String OTHER_KEY = randomKey();
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void acceptsTheDeviceSdksOwnToken() {
        long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
        String token = new IotHubSasToken("127.8.9.10", "dev-1", KEY, null, null, expiry).toString();

        SasToken sas = SasToken.parse(token);

        assertThat(sas.resourceUri()).isEqualTo("127.8.9.10/devices/dev-1");
        assertThat(sas.keyName()).isEmpty();
        assertThat(sas.verify(List.of(KEY), Clock.systemUTC())).isEqualTo(SasToken.Verdict.VALID);
    }

    @Test
    void acceptsTheServiceSdksOwnTokenWhoseResourceIsUrlEncoded() {
        String cs = "HostName=My-Hub.example.net;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY;
        String token = new IotHubServiceSasToken(IotHubConnectionStringBuilder.createIotHubConnectionString(cs)).toString();

        SasToken sas = SasToken.parse(token);

        assertThat(sas.resourceUri()).isEqualTo("my-hub.example.net");
        assertThat(sas.keyName()).contains("iothubowner");
        assertThat(sas.verify(List.of(OTHER_KEY, KEY), Clock.systemUTC())).isEqualTo(SasToken.Verdict.VALID);
    }

    @Test
    void signatureOverAnEncodedResourceVerifies() {
        // sr sent encoded, signed encoded: the service SDK's form for resources with slashes
        String sr = "hub.example/devices/dev%201";
        String token = SasToken.create(sr, KEY, "service", NOW.instant().plusSeconds(60));
        SasToken sas = SasToken.parse(token);
        assertThat(sas.resourceUri()).isEqualTo("hub.example/devices/dev 1");
        assertThat(sas.verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.VALID);
    }

    @Test
    void theDeviceSdkEncodesADeviceIdWithAPercentSignAndTheTokenNamesThatDevice() {
        long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
        String token = new IotHubSasToken("127.8.9.10", "a%zz", KEY, null, null, expiry).toString();
        SasToken sas = SasToken.parse(token);
        assertThat(sas.resourceUri()).isEqualTo("127.8.9.10/devices/a%zz");
        assertThat(sas.verify(List.of(KEY), Clock.systemUTC())).isEqualTo(SasToken.Verdict.VALID);
    }

    @Test
    void aResourceThatIsNotValidPercentEncodingIsMalformed() {
        // no second guess at what was meant: a token is read one way only
        assertMalformed(SasToken.create("hub.example/devices/a%zz", KEY, null, NOW.instant().plusSeconds(60)),
                "'sr' has an invalid %-escape");
    }

    @Test
    void theSignatureCoversTheResourceExactlyAsSentNeverADecodedOrReEncodedForm() {
        String token = SasToken.create("127.0.0.1%2Fdevices%2Fd1", KEY, "registryRead", NOW.instant().plusSeconds(60));
        SasToken sent = SasToken.parse(token);
        assertThat(sent.resourceUri()).isEqualTo("127.0.0.1/devices/d1");
        assertThat(sent.verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.VALID);

        // encoded once more, sr would decode to a host without a path (no device scope): it must not verify
        // only sr is re-encoded: the signature may contain %2F too
        SasToken reEncoded = SasToken.parse(token.replace("sr=127.0.0.1%2Fdevices%2Fd1", "sr=127.0.0.1%252Fdevices%252Fd1"));
        assertThat(reEncoded.resourceUri()).isEqualTo("127.0.0.1%2Fdevices%2Fd1");
        assertThat(reEncoded.verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.SIGNATURE_MISMATCH);
        SasToken decoded = SasToken.parse(token.replace("sr=127.0.0.1%2Fdevices%2Fd1", "sr=127.0.0.1/devices/d1"));
        assertThat(decoded.verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.SIGNATURE_MISMATCH);
    }

    @Test
    void hostNamesAreNamesOrAddressesWithAnOptionalPort() {
        assertThat(List.of("127.0.0.1", "127.0.0.1:8443", "my-hub.azure-devices.net", "localhost", "[::1]:8443", "::1"))
                .allMatch(SasToken::isHostName);
        assertThat(List.of("127.0.0.1%2fdevices%2fd1", "", "host name", "a/b", "host:port", "[::1]x"))
                .noneMatch(SasToken::isHostName);
    }

    @Test
    void fieldsInAnyOrder() {
        String token = SasToken.create("hub.example/devices/d", KEY, "registryRead", NOW.instant().plusSeconds(60));
        String[] fields = token.substring("SharedAccessSignature ".length()).split("&");
        String reordered = "SharedAccessSignature " + fields[3] + "&" + fields[2] + "&" + fields[0] + "&" + fields[1];

        SasToken sas = SasToken.parse(reordered);

        assertThat(sas.keyName()).contains("registryRead");
        assertThat(sas.expiresAt()).isEqualTo(NOW.instant().plusSeconds(60));
        assertThat(sas.verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.VALID);
    }

    @Test
    void unencodedSignatureWithPlusSignsStillVerifies() {
        // find a key whose signature contains '+' and send it raw
        for (int i = 0; i < 200; i++) {
            String key = randomKey();
            String token = SasToken.create("hub.example/devices/d", key, null, NOW.instant().plusSeconds(60));
            String raw = token.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=");
            if (raw.contains("+")) {
                assertThat(SasToken.parse(raw).verify(List.of(key), NOW)).isEqualTo(SasToken.Verdict.VALID);
                return;
            }
        }
        throw new AssertionError("no signature with '+' in 200 tries");
    }

    @Test
    void wrongKeyIsASignatureMismatch() {
        String token = SasToken.create("hub.example/devices/d", KEY, null, NOW.instant().plusSeconds(60));
        assertThat(SasToken.parse(token).verify(List.of(OTHER_KEY), NOW)).isEqualTo(SasToken.Verdict.SIGNATURE_MISMATCH);
    }

    @Test
    void tamperedResourceOrExpiryIsASignatureMismatch() {
        String token = SasToken.create("hub.example/devices/d1", KEY, null, NOW.instant().plusSeconds(60));
        String otherDevice = token.replace("devices/d1", "devices/d2");
        long se = NOW.instant().plusSeconds(60).getEpochSecond();
        String longer = token.replace("se=" + se, "se=" + (se + 86400));

        assertThat(SasToken.parse(otherDevice).verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.SIGNATURE_MISMATCH);
        assertThat(SasToken.parse(longer).verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.SIGNATURE_MISMATCH);
    }

    @Test
    void expiredTokenWithAGoodSignatureIsExpired() {
        String token = SasToken.create("hub.example/devices/d", KEY, null, NOW.instant().minusSeconds(1));
        SasToken sas = SasToken.parse(token);
        assertThat(sas.isExpired(NOW)).isTrue();
        assertThat(sas.verify(List.of(KEY), NOW)).isEqualTo(SasToken.Verdict.EXPIRED);
    }

    @Test
    void unusableKeysNeverMatch() {
        String token = SasToken.create("hub.example/devices/d", KEY, null, NOW.instant().plusSeconds(60));
        SasToken sas = SasToken.parse(token);
        assertThat(sas.signatureMatches(java.util.Arrays.asList(null, "", "not base64!"))).isFalse();
    }

    @Test
    void malformedTokensAreRejectedWithASpecificMessage() {
        assertMalformed(null, "empty");
        assertMalformed("  ", "empty");
        assertMalformed("sr=a&sig=AAAA&se=1", "must start with 'SharedAccessSignature '");
        assertMalformed("SharedAccessSignature sig=AAAA&se=1", "missing field 'sr'");
        assertMalformed("SharedAccessSignature sr=a&se=1", "missing field 'sig'");
        assertMalformed("SharedAccessSignature sr=a&sig=AAAA", "missing field 'se'");
        assertMalformed("SharedAccessSignature sr=a&sig=AAAA&se=soon", "'se' is not a number");
        assertMalformed("SharedAccessSignature sr=a&sig=AAAA&se=-5", "'se' is negative");
        assertMalformed("SharedAccessSignature sr=a&sig=***&se=1", "'sig' is not base64");
        assertMalformed("SharedAccessSignature sr=a&sr=b&sig=AAAA&se=1", "'sr' appears more than once");
        assertMalformed("SharedAccessSignature sr=a&sig=AAAA&se=1&foo=bar", "unknown field 'foo'");
        assertMalformed("SharedAccessSignature sr=a&sig&se=1", "'sig' has no value");
        assertMalformed("SharedAccessSignature sr=a&sig=AAAA%2&se=1", "'sig' has a truncated %-escape");
        assertMalformed("SharedAccessSignature sr=a&sig=AAAA%zz&se=1", "'sig' has an invalid %-escape");
    }

    @Test
    void toStringHidesTheSignature() {
        String token = SasToken.create("hub.example/devices/d", KEY, null, NOW.instant().plusSeconds(60));
        String sig = token.substring(token.indexOf("sig=") + 4, token.indexOf("&se="));
        assertThat(SasToken.parse(token).toString()).doesNotContain(sig).contains("hub.example/devices/d");
    }

    private static void assertMalformed(String token, String messagePart) {
        assertThatThrownBy(() -> SasToken.parse(token))
                .isInstanceOf(InvalidSasTokenException.class)
                .hasMessageContaining(messagePart);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
