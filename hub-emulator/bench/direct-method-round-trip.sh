#!/bin/sh
# Direct-method round trip through the hub next to the bare-MQTT floor (Paho <-> Mosquitto), in one run.
# Usage: hub-emulator/bench/direct-method-round-trip.sh [callsPerBlock=200] [blocks=10] [warmupCalls=5000]
# (warm-up continues past warmupCalls, the same for every path, until the JIT is done compiling for them)
# JAVA_OPTS goes to the benchmark's JVM, e.g. JAVA_OPTS="-Dtwinops.hub.tls=jdk" to run the first hub (by default
# on netty's epoll transport and BoringSSL where they load) on the JDK's TLS, next to the NIO/JDK-TLS hub it always starts.
set -e
cd "$(dirname "$0")/../.."
command -v mosquitto >/dev/null || { echo "mosquitto is not installed: apt-get install -y mosquitto" >&2; exit 1; }
# One Maven run, so the class path names the reactor's own classes (iothub-limits, hub-client), never installed jars.
CP_FILE=$(mktemp)
mvn -B -q -o -pl hub-emulator -am test-compile dependency:build-classpath -Dmdep.outputFile="$CP_FILE"
CP="hub-emulator/target/test-classes:hub-emulator/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
exec java $JAVA_OPTS -cp "$CP" \
    dev.twinops.hub.mqtt.DirectMethodRoundTripBenchmark "$@"
