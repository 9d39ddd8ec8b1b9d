#!/bin/sh
# Install the Debian packages of a list that are missing: the test-only
# ones of tests/packages.txt (make check), or those of another list
# (make: build-packages.txt).  Says what it installs; fails clearly when
# it cannot.
#
#	deps.sh [LIST]
set -eu
list=${1:-"$(dirname "$0")/packages.txt"}
missing=
for pkg in $(sed 's/#.*//' "$list"); do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done
[ -z "$missing" ] && exit 0
echo "$0: installing missing packages of $list:$missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "$0: cannot install them (need root and apt-get)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
