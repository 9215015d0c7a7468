#!/usr/bin/env bash
# Threadline's one entry point for a fresh Debian 12 machine.
#   ./setup.sh run    install what is missing, build, launch the app
#   ./setup.sh test   install what is missing, build, run every test: the whole suite; the tracer's tests
#                     again with each CPython newer than 3.11 found here; the core under ThreadSanitizer; the whole suite again under AddressSanitizer and
#                     UndefinedBehaviorSanitizer; then each libFuzzer target for a bounded time; then the
#                     .deb built, validated, installed with apt, run and removed (.ci/package-check)
# Idempotent: a second call installs nothing and rebuilds only what changed. Each stage prints its time.
set -euo pipefail
cd "$(dirname "$0")"

# Real package names only: a virtual one (e.g. libqt6svg6-dev, provided by qt6-svg-dev) never shows as
# installed to dpkg-query, so every call ran apt-get again.
PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-svg-dev
          libconcurrentqueue-dev libgl-dev xvfb xauth
          python3                      # the interpreter the Python-run tests (tests/pysource) trace
          python3-dev                  # its headers: the tracer's C speedups (_threadline_tracer/_speedups.c)
          libpython3.11-testsuite      # CPython's own tests, run traced as an oracle (tests/pysource/tst_cpythonsuite)
          rapidjson-dev zlib1g-dev     # the trace importer (core/import): SAX JSON reader, .gz files
          libsimdjson-dev              # threadline-bench import: a baseline the importer was measured against
          clang-14 libclang-rt-14-dev  # the libFuzzer targets (the fuzz preset)
          help2man man-db              # the manual page, from threadline --help (app/CMakeLists.txt); man reads it
          bash-completion              # tests/app/tst_bashcompletion runs the completion as bash does
          dpkg-dev desktop-file-utils appstream) # .ci/package-check: the .deb's shlibdeps, validators

# Seconds each fuzz target runs in `test` (override with THREADLINE_FUZZ_SECONDS).
FUZZ_SECONDS="${THREADLINE_FUZZ_SECONDS:-60}"

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

# stage NAME COMMAND...: runs one stage and prints how long it took, so a slow stage shows at once.
stage() {
    local name="$1" start=$SECONDS
    shift
    echo "=== stage: $name"
    "$@"
    echo "=== stage: $name took $((SECONDS - start)) s"
}

# Runs every fuzz target on a copy of its seed corpus (the corpus in tests/ stays as committed), two at a
# time, one per core: each fuzzes as long as alone, and the stage takes two rounds instead of three.
# A subshell body, so the EXIT trap that removes the copies is scoped to it: a RETURN trap stays set
# after the function and fired again in stage(), where `work` is unbound under `set -u`.
fuzz() (
    local work
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    run_target() { # TARGET CORPUS: its report goes to $work/TARGET.log
        mkdir -p "$work/$1"
        cp -r "$2"/. "$work/$1/"
        "./build-fuzz/bin/$1" -max_total_time="$FUZZ_SECONDS" -print_final_stats=1 "$work/$1" >"$work/$1.log" 2>&1
    }
    report() {
        echo "setup: $1 for ${FUZZ_SECONDS} s"
        tail -n 12 "$work/$1.log"
    }
    local status=0 first second
    run_target fuzz_parameters tests/scenarios/corpus &
    first=$!
    run_target fuzz_streamparser tests/pysource/corpus &
    second=$!
    wait "$first" || status=1
    report fuzz_parameters
    wait "$second" || status=1
    report fuzz_streamparser
    run_target fuzz_chrometraceimporter tests/import/corpus || status=1
    report fuzz_chrometraceimporter
    return "$status"
)

# The CPython interpreters newer than Debian's 3.11 found on this machine, one a version, each on a line:
# python3.N on PATH first, then pyenv's. The tracer must work with any newer CPython a user may have.
newer_pythons() {
    local seen=" " candidate version
    while IFS= read -r candidate; do
        version="$("$candidate" -c 'import sys
if sys.implementation.name != "cpython" or sys.version_info < (3, 12):
    sys.exit(1)
print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" || continue # not one, or a shim that has none
        case "$seen" in *" $version "*) continue ;; esac
        seen+="$version "
        echo "$candidate"
    done < <({
        local dir
        while IFS= read -r dir; do
            [ -n "$dir" ] && compgen -G "$dir/python3.[0-9]*" || true
        done < <(tr ':' '\n' <<<"$PATH")
        compgen -G "${PYENV_ROOT:-${HOME:-}/.pyenv}/versions/*/bin/python3" || true
    } | grep -E '/python3(\.[0-9]+)?$' || true)
}

# The tests labelled "tracer" (tests/pysource/CMakeLists.txt) with each of newer_pythons.
tracer_with_newer_pythons() {
    local python status=0 any=no
    while IFS= read -r python; do
        any=yes
        echo "setup: the tracer's tests with $python ($("$python" --version 2>&1))"
        THREADLINE_TEST_PYTHON="$python" ctest --preset default -j2 -L tracer || status=1
    done < <(newer_pythons)
    [ "$any" = yes ] || echo "setup: no CPython newer than 3.11 here: the tracer's tests ran with 3.11 only"
    return "$status"
}

# The tests start programs and signal them as from a terminal, where SIGINT, SIGTERM and SIGHUP are at their default;
# a CI script run as a background job of a shell without job control has SIGINT ignored, and Threadline and the
# Python it runs would keep it so (as python3 does).
ctest() {
    env --default-signal=INT,TERM,HUP ctest "$@"
}

case "${1:-}" in
    run)
        install_missing
        build default
        shift
        exec ./build/bin/threadline "$@"
        ;;
    test)
        stage "install" install_missing
        # Chrome DevTools' trace engine (tst_devtoolsflows) comes from the npm registry, installed by a CTest
        # fixture into the build tree; npm itself is not a package this script installs (it comes with node).
        command -v npm >/dev/null || echo "setup: npm is missing: tst_devtoolsflows skips (install node and npm)"
        export QT_QPA_PLATFORM=offscreen
        stage "build" build default
        stage "tests" ctest --preset default -j2
        stage "tracer tests with newer CPythons" tracer_with_newer_pythons
        # The sanitizer presets leave out tst_scenariotiming: compute costs real time on the virtual clock,
        # and 2-15x slower compute reorders threads that meet at one scenario moment (a put that finds
        # the queue full), which that test compares exactly. The default build runs it. Under TSan the
        # lessons' time bound is 20 ms, not 1 ms (tests/scenarios/lessontrace.h), and the truncated-trace
        # sweep takes every 16th prefix (tests/import/tst_malformedtraces.cpp).
        stage "build under ThreadSanitizer" build tsan
        stage "core tests under ThreadSanitizer" ctest --preset tsan -j2
        stage "build under AddressSanitizer+UBSan" build asan
        stage "every test under AddressSanitizer+UBSan" ctest --preset asan -j2
        stage "build fuzz targets" build fuzz
        stage "fuzzing" fuzz
        stage "package" .ci/package-check
        ;;
    *)
        echo "usage: $0 run [app arguments...] | test" >&2
        exit 2
        ;;
esac
