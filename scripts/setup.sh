# Shared set-up for scripts/run and scripts/test (sourced, not executed):
# install what is missing from Debian's archive, then configure and build.
# Idempotent: packages already present are skipped, the build is incremental.

NANOCONVECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
NANOCONVECT_BUILD=${NANOCONVECT_BUILD:-$NANOCONVECT_ROOT/build}

# Debian 12 packages nanoconvect needs to build, run and test.
NANOCONVECT_PACKAGES=(
  g++ make cmake git ccache pkg-config
  libdeal.ii-dev openmpi-bin
  libgtest-dev nlohmann-json3-dev numdiff gmsh
  python3-matplotlib python3-numpy
  paraview python3-paraview xvfb xauth
  paraview-dev
  chromium fonts-dejavu-core
)

nanoconvect_log() { printf '[nanoconvect] %s\n' "$*"; }

nanoconvect_install_missing() {
  local missing=()
  for p in "${NANOCONVECT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    nanoconvect_log "all ${#NANOCONVECT_PACKAGES[@]} packages present"
    return 0
  fi
  nanoconvect_log "installing: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; return 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# nanoconvect_build [TARGET]: configure once, then build TARGET (default all).
# ParaView Catalyst is built in whenever ParaView's development files are
# installed (NANOCONVECT_CATALYST=OFF overrides); the plain CMake default is off.
nanoconvect_build() {
  local target=()
  [ $# -gt 0 ] && target=(--target "$1")
  local catalyst=${NANOCONVECT_CATALYST:-}
  if [ -z "$catalyst" ]; then
    catalyst=OFF
    dpkg-query -W -f='${Status}' paraview-dev 2>/dev/null | grep -q "install ok installed" \
      && catalyst=ON
  fi
  local cache="$NANOCONVECT_BUILD/CMakeCache.txt"
  if [ ! -f "$cache" ] || ! grep -q "^NANOCONVECT_WITH_CATALYST:BOOL=$catalyst$" "$cache"; then
    nanoconvect_log "configuring in $NANOCONVECT_BUILD (Release, ParaView Catalyst $catalyst)"
    cmake -S "$NANOCONVECT_ROOT" -B "$NANOCONVECT_BUILD" -DCMAKE_BUILD_TYPE=Release \
      -DNANOCONVECT_WITH_CATALYST="$catalyst" >/dev/null
  fi
  nanoconvect_log "building ${1:-everything} with 2 jobs"
  cmake --build "$NANOCONVECT_BUILD" -j 2 "${target[@]}"
}

# ccache hashes paths relative to the clone, so that another clone of the
# project (a CI re-run in a fresh folder) reuses the compiled objects.
export CCACHE_BASEDIR="$NANOCONVECT_ROOT"
export CCACHE_NOHASHDIR=true

# Open MPI refuses to run as root unless told; CI and fresh machines run as root.
export OMPI_ALLOW_RUN_AS_ROOT=1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# One thread per MPI rank: the machine has 2 cores and tests run 2 ranks.
export OMP_NUM_THREADS=1
