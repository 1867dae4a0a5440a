package dev.twinops.hub.mqtt;

import com.microsoft.azure.sdk.iot.device.auth.IotHubSSLContext;
import dev.twinops.hub.auth.SasToken;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A raw Paho MQTT client speaking to the hub as a device would, for protocol-level tests. */
final class PahoDevice implements AutoCloseable {
    final MqttClient client;
    final String deviceId;

    private PahoDevice(MqttClient client, String deviceId) {
        this.client = client;
        this.deviceId = deviceId;
    }

    static PahoDevice create(MqttTestHub hub, String deviceId) throws MqttException {
        return new PahoDevice(new MqttClient("ssl://" + hub.host + ":8883", deviceId, new MemoryPersistence()), deviceId);
    }

    static MqttConnectOptions options(MqttTestHub hub, String deviceId, String key, Instant expiry) throws Exception {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(10);
        options.setMaxInflight(1000);
        options.setUserName(hub.host + "/" + deviceId + "/?api-version=2020-09-30");
        options.setPassword(SasToken.create(hub.host + "/devices/" + deviceId, key, null, expiry).toCharArray());
        options.setSocketFactory(IotHubSSLContext.getSSLContextFromFile(hub.caPem.toString()).getSocketFactory());
        return options;
    }

    /** Connects with a fresh token signed with the device's primary key. */
    static PahoDevice connect(MqttTestHub hub, String deviceId) throws Exception {
        PahoDevice device = create(hub, deviceId);
        device.client.connect(options(hub, deviceId, hub.state.registry().device(deviceId).orElseThrow().primaryKey(),
                Instant.now().plusSeconds(3600)));
        return device;
    }

    void subscribe(String filter, IMqttMessageListener listener) throws MqttException {
        client.subscribe(filter, 1, listener);
    }

    /** Subscribes to method requests and answers each with status 200 and the request payload. */
    void echoMethods() throws MqttException {
        subscribe("$iothub/methods/POST/#", (topic, message) -> {
            String rid = topic.substring(topic.indexOf("$rid=") + 5);
            publishAsync("$iothub/methods/res/200/?$rid=" + rid, message.getPayload());
        });
    }

    void publish(String topic, String payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        client.publish(topic, message);
    }

    /** Publishes from a Paho callback thread, where a blocking publish would deadlock. */
    void publishAsync(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        client.getTopic(topic).publish(message);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
