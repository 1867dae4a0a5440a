package dev.twinops.hub.state;

/** HTTP's If-Match as IoT Hub applies it to devices and twins. */
final class IfMatch {

    private IfMatch() {
    }

    /**
     * PRECONDITION_FAILED unless {@code ifMatch} is null, "*" or the etag; quoted and unquoted etags (and weak ones)
     * are both accepted.
     */
    static void check(String ifMatch, String etag, String what) {
        if (ifMatch == null) {
            return;
        }
        String wanted = ifMatch.trim();
        if (wanted.startsWith("W/")) {
            wanted = wanted.substring(2);
        }
        if (wanted.length() >= 2 && wanted.startsWith("\"") && wanted.endsWith("\"")) {
            wanted = wanted.substring(1, wanted.length() - 1);
        }
        if (!wanted.equals("*") && !wanted.equals(etag)) {
            throw new HubException(HubError.PRECONDITION_FAILED, "If-Match " + ifMatch + " does not match the etag \""
                    + etag + "\" of " + what + "; it was changed since you read it");
        }
    }
}
