#!/usr/bin/env bash
# Builds the console's application image (jpackage, Maven profile "installer") and checks that it starts on its
# own Java runtime under a virtual display (Xvfb): the main window shows and the embedded local hub comes up.
# Prints the image's size (and the installer's, when one was built).
#
#   scripts/check-app-image.sh                 # build, then start it
#   MAVEN_ARGS=-o scripts/check-app-image.sh   # offline build
#   INSTALLER_NATIVE=true ...                  # also build the platform installer where its tools exist
#   SKIP_BUILD=1 ...                           # check an image already built
set -euo pipefail
cd "$(dirname "$0")/.."

image=console-app/target/installer/TwinOps
if [[ -z ${SKIP_BUILD:-} ]]; then
  # shellcheck disable=SC2086
  mvn -B -q ${MAVEN_ARGS:-} -pl console-app -am package -DskipTests -Pinstaller \
      -Dinstaller.native="${INSTALLER_NATIVE:-false}"
fi
[[ -x $image/bin/TwinOps ]] || { echo "check-app-image: no application image at $image" >&2; exit 1; }

if ! command -v xvfb-run >/dev/null; then
  echo "check-app-image: installing xvfb"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb libgtk-3-0 libxtst6 x11-utils) \
      >/dev/null || { echo "check-app-image: xvfb-run is missing and could not be installed" >&2; exit 1; }
fi

home=$(mktemp -d)
log=$home/stdout.log
shot=console-app/target/installer/app-image-window.png
trap 'rm -rf "$home"' EXIT
# No JDK or Maven on the path (env -i below): the image brings its own runtime.
export TWINOPS_HOME=$home LOG=$log SHOT=$shot
export IMAGE=$image
xvfb-run -a -s "-screen 0 1440x900x24" bash -c '
  env -i PATH=/usr/bin:/bin HOME="$TWINOPS_HOME" DISPLAY="$DISPLAY" XAUTHORITY="${XAUTHORITY:-}" \
      TWINOPS_HOME="$TWINOPS_HOME" "$IMAGE/bin/TwinOps" >"$LOG" 2>&1 &
  app=$!
  ok=
  for _ in $(seq 1 90); do
    sleep 1
    if grep -q "Main window shown" "$LOG" && grep -q "Using Local hub" "$LOG"; then ok=1; break; fi
    kill -0 $app 2>/dev/null || break
  done
  if [[ -n $ok ]]; then
    if command -v xwininfo >/dev/null; then
      xwininfo -root -tree | grep -q "\"TwinOps\"" || ok=
    fi
    if [[ -n $ok ]] && command -v import >/dev/null; then
      sleep 3
      import -window root "$SHOT" 2>/dev/null || true
    fi
  fi
  kill $app 2>/dev/null; wait $app 2>/dev/null
  [[ -n $ok ]]
' || { echo "check-app-image: the console did not come up; it said:" >&2; tail -30 "$log" >&2; exit 1; }

echo "check-app-image: the console started from $image: $(grep -o "Main window shown.*" "$log" | head -1);" \
     "$(grep -o "Using Local hub.*" "$log" | head -1)"
[[ -f $shot ]] && echo "check-app-image: screenshot $shot"
echo "check-app-image: application image $(du -sh "$image" | cut -f1) ($image)"
for installer in console-app/target/installer/*.{deb,rpm,dmg,msi}; do
  [[ -f $installer ]] && echo "check-app-image: installer $(du -h "$installer" | cut -f1) ($installer)"
done
exit 0
