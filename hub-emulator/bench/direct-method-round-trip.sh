#!/bin/sh
# Direct-method round trip through the hub next to the bare-MQTT floor (Paho <-> Mosquitto), in one run.
# Usage: hub-emulator/bench/direct-method-round-trip.sh [callsPerBlock=200] [blocks=10] [warmupCalls=1000]
# JAVA_OPTS goes to the benchmark's JVM, e.g. JAVA_OPTS="-Dtwinops.hub.tls=jdk" to run the first hub (by default
# on netty's epoll transport and BoringSSL where they load) on the JDK's TLS, next to the NIO/JDK-TLS hub it always starts.
set -e
cd "$(dirname "$0")/../.."
command -v mosquitto >/dev/null || { echo "mosquitto is not installed: apt-get install -y mosquitto" >&2; exit 1; }
mvn -B -q -o test-compile -pl hub-emulator -am
mvn -B -q -o dependency:build-classpath -pl hub-emulator -Dmdep.outputFile=/tmp/hub-bench-cp.txt
# the reactor's own classes rather than installed jars
exec java $JAVA_OPTS -cp hub-emulator/target/test-classes:hub-emulator/target/classes:iothub-limits/target/classes:"$(tr ':' '\n' < /tmp/hub-bench-cp.txt | grep -v /dev/twinops/ | paste -sd:)" \
    dev.twinops.hub.mqtt.DirectMethodRoundTripBenchmark "$@"
