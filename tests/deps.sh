#!/bin/sh
# Install the test-only Debian packages listed in tests/packages.txt that
# are missing.  Says what it installs; fails clearly when it cannot.
set -eu
list="$(dirname "$0")/packages.txt"
missing=
for pkg in $(sed 's/#.*//' "$list"); do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done
[ -z "$missing" ] && exit 0
echo "make check: installing missing test packages:$missing"
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
	echo "make check: cannot install them (need root and apt-get)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
