#!/usr/bin/env bash
# Installs the Debian packages kneeload needs, only those that are missing.
# Used by `make run` / `make test`; safe to run again (does nothing when all are present).
set -euo pipefail

packages=(g++ cmake ninja-build libeigen3-dev libboost-dev libhdf5-dev doctest-dev libbenchmark-dev clang-format
  netcdf-bin)  # ncdump: the tests read every sweep file with the netCDF-C library too
missing=()
for p in "${packages[@]}"; do
  # cmake may come from pip (it does on this project's machines); accept any cmake >= 3.20 on PATH.
  if [[ $p == cmake ]] && command -v cmake >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The Python virtual environment needs venv/ensurepip and the Python headers.
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then missing+=(python3-venv); fi
if ! python3 -c "import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" >/dev/null 2>&1; then
  missing+=(python3-dev)
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "kneeload: installing missing Debian packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
