#!/usr/bin/env bash
# Threadline's one entry point for a fresh Debian 12 machine.
#   ./setup.sh run    install what is missing, build, launch the app
#   ./setup.sh test   install what is missing, build, run every test
#                     (also the core tests under ThreadSanitizer)
# Idempotent: a second call installs nothing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")"

# Real package names only: a virtual one (e.g. libqt6svg6-dev, provided by qt6-svg-dev) never shows as
# installed to dpkg-query, so every call ran apt-get again.
PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-svg-dev
          libconcurrentqueue-dev libgl-dev xvfb xauth
          python3   # the interpreter that the Python-run tests (tests/pysource) trace
          rapidjson-dev zlib1g-dev  # the trace importer (core/import): SAX JSON reader, .gz files
          libsimdjson-dev)          # threadline-bench import: a baseline the importer was measured against

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "setup: installing ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
    cmake --preset "$1" >/dev/null
    cmake --build --preset "$1"
}

case "${1:-}" in
    run)
        install_missing
        build default
        shift
        exec ./build/bin/threadline "$@"
        ;;
    test)
        install_missing
        # Chrome DevTools' trace engine (tst_devtoolsflows) comes from the npm registry, installed by a CTest
        # fixture into the build tree; npm itself is not a package this script installs (it comes with node).
        command -v npm >/dev/null || echo "setup: npm is missing: tst_devtoolsflows skips (install node and npm)"
        build default
        export QT_QPA_PLATFORM=offscreen
        ctest --preset default -j2
        build tsan
        ctest --preset tsan -j2
        ;;
    *)
        echo "usage: $0 run [app arguments...] | test" >&2
        exit 2
        ;;
esac
