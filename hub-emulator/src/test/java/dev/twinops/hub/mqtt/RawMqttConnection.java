package dev.twinops.hub.mqtt;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A hand-rolled MQTT 3.1.1 client over TLS that sends exactly what a test asks for and nothing else
 * (no automatic PINGREQ), to test keep-alive enforcement and malformed CONNECTs.
 */
final class RawMqttConnection implements AutoCloseable {
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean sessionPresent;

    private RawMqttConnection(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawMqttConnection open(MqttTestHub hub) throws Exception {
        return open(hub.host, hub.caPem);
    }

    static RawMqttConnection open(String host, java.nio.file.Path caPem) throws Exception {
        return open(host, caPem, null);
    }

    /** From a given local address (another loopback address, to look like another client), or null for any. */
    static RawMqttConnection open(String host, java.nio.file.Path caPem, String localAddress) throws Exception {
        SSLSocket socket = (SSLSocket) IotHubSSLContext.getSSLContextFromFile(caPem.toString()).getSocketFactory()
                .createSocket(java.net.InetAddress.getByName(host), DeviceEndpoint.MQTT_TLS_PORT,
                        localAddress == null ? null : java.net.InetAddress.getByName(localAddress), 0);
        return handshake(socket);
    }

    /**
     * Through a given client context, by host name as the device SDK connects: connections through one context may
     * resume its TLS sessions, as a device's reconnects do.
     */
    static RawMqttConnection open(MqttTestHub hub, javax.net.ssl.SSLContext context) throws Exception {
        return handshake((SSLSocket) context.getSocketFactory().createSocket(hub.host, DeviceEndpoint.MQTT_TLS_PORT));
    }

    private static RawMqttConnection handshake(SSLSocket socket) throws Exception {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.startHandshake();
        return new RawMqttConnection(socket);
    }

    /** Sends CONNECT (protocol level 4, clean session off) and returns the CONNACK return code. */
    int connect(String clientId, String username, String password, int keepAliveSeconds) throws IOException {
        return connect(clientId, username, password, keepAliveSeconds, 4);
    }

    /** Sends CONNECT with clean session on. */
    int connectClean(String clientId, String username, String password, int keepAliveSeconds) throws IOException {
        return connect(clientId, username, password, keepAliveSeconds, 4, true);
    }

    int connect(String clientId, String username, String password, int keepAliveSeconds, int protocolLevel)
            throws IOException {
        return connect(clientId, username, password, keepAliveSeconds, protocolLevel, false);
    }

    private int connect(String clientId, String username, String password, int keepAliveSeconds, int protocolLevel,
                        boolean cleanSession) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, protocolLevel == 3 ? "MQIsdp" : "MQTT");
        body.write(protocolLevel);
        int flags = (username != null ? 0x80 : 0) | (password != null ? 0x40 : 0) | (cleanSession ? 0x02 : 0);
        body.write(flags);
        body.write(keepAliveSeconds >> 8);
        body.write(keepAliveSeconds & 0xFF);
        writeString(body, clientId);
        if (username != null) {
            writeString(body, username);
        }
        if (password != null) {
            writeString(body, password);
        }
        writePacket(0x10, body.toByteArray());
        int[] connAck = readPacket();
        if (connAck[0] != 0x20) {
            throw new IOException("expected CONNACK, got packet type " + Integer.toHexString(connAck[0]));
        }
        sessionPresent = (connAck[1] & 1) == 1;
        return connAck[connAck.length - 1];
    }

    /** Sends SUBSCRIBE (QoS 1 for each filter) and returns the SUBACK's return codes, skipping other packets. */
    int[] subscribe(int packetId, String... filters) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xFF);
        for (String filter : filters) {
            writeString(body, filter);
            body.write(1);
        }
        writePacket(0x82, body.toByteArray());
        while (true) {
            int[] packet = readPacket();
            if (packet[0] == 0x90) {
                int[] codes = new int[packet.length - 3];
                System.arraycopy(packet, 3, codes, 0, codes.length);
                return codes;
            }
        }
    }

    /** Sends PUBLISH without waiting for anything. */
    void publish(String topic, byte[] payload, int qos, int packetId) throws IOException {
        out.write(publishPacket(topic, payload, qos, packetId));
        out.flush();
    }

    /** A PUBLISH packet, for tests that send many at once. */
    static byte[] publishPacket(String topic, byte[] payload, int qos, int packetId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, topic);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
        }
        body.write(payload, 0, payload.length);
        return packet(0x30 | qos << 1, body.toByteArray());
    }

    /** Writes bytes as they are: several packets at once, or a packet in pieces. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The topic of a PUBLISH packet read with {@link #readPacket()}. */
    static String topicOf(int[] packet) {
        int length = packet[1] << 8 | packet[2];
        byte[] topic = new byte[length];
        for (int i = 0; i < length; i++) {
            topic[i] = (byte) packet[3 + i];
        }
        return new String(topic, StandardCharsets.UTF_8);
    }

    /** The payload of a QoS 1 PUBLISH packet read with {@link #readPacket()}. */
    static String payloadOf(int[] packet) {
        int start = 3 + (packet[1] << 8 | packet[2]) + ((packet[0] & 0x06) != 0 ? 2 : 0);
        byte[] payload = new byte[packet.length - start];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) packet[start + i];
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The session-present flag of the last CONNACK. */
    boolean sessionPresent() {
        return sessionPresent;
    }

    /** Acknowledges a QoS 1 message from the hub. */
    void pubAck(int packetId) throws IOException {
        writePacket(0x40, new byte[] {(byte) (packetId >> 8), (byte) packetId});
    }

    /** The packet id of a QoS 1 PUBLISH read with {@link #readPacket()}. */
    static int packetIdOf(int[] packet) {
        int at = 3 + (packet[1] << 8 | packet[2]);
        return packet[at] << 8 | packet[at + 1];
    }

    void pingReq() throws IOException {
        writePacket(0xC0, new byte[0]);
    }

    /** Reads one packet: element 0 is the first header byte, then the body bytes. */
    int[] readPacket() throws IOException {
        DataInputStream data = new DataInputStream(in);
        int header = data.readUnsignedByte();
        int length = 0;
        int multiplier = 1;
        int b;
        do {
            b = data.readUnsignedByte();
            length += (b & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((b & 0x80) != 0);
        byte[] body = new byte[length];
        data.readFully(body);
        int[] packet = new int[length + 1];
        packet[0] = header;
        for (int i = 0; i < length; i++) {
            packet[i + 1] = body[i] & 0xFF;
        }
        return packet;
    }

    /**
     * Blocks until the server closes the connection (read returns end of stream or fails); false if it is still
     * open after {@code timeoutMillis}. Later reads wait without a timeout again.
     */
    boolean awaitClosedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            socket.setSoTimeout(0);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void writePacket(int header, byte[] body) throws IOException {
        out.write(packet(header, body));
        out.flush();
    }

    private static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.write(body, 0, body.length);
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xFF);
        out.write(bytes, 0, bytes.length);
    }

    javax.net.ssl.SSLSession tlsSession() {
        return socket.getSession();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
