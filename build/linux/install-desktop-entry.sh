#!/bin/sh
# Adds Job Centre Desk to the application menu, pointing at this unpacked bundle.
#
#   ./install-desktop-entry.sh            for this user (~/.local/share)
#   sudo XDG_DATA_HOME=/usr/local/share ./install-desktop-entry.sh    for every user
#   ./install-desktop-entry.sh --remove   take the entry and icons out again
#
# Run it again after moving the folder: the menu entry holds the executable's full path.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$data/applications/jobcentre.desktop" "$data/icons/hicolor/scalable/apps/jobcentre.svg"
    for size in $sizes; do
        rm -f "$data/icons/hicolor/${size}x${size}/apps/jobcentre.png"
    done
    echo "removed the Job Centre Desk menu entry from $data"
    exit 0
fi

if [ ! -x "$here/jobcentre" ]; then
    echo "error: run this script from the unpacked jobcentre folder" >&2
    exit 1
fi

icons="$here/_internal/resources/icons"
for size in $sizes; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$icons/jobcentre-$size.png" "$data/icons/hicolor/${size}x${size}/apps/jobcentre.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps" "$data/applications"
cp "$icons/jobcentre.svg" "$data/icons/hicolor/scalable/apps/jobcentre.svg"

# Exec and TryExec name this folder's executable (quoted: the path may hold spaces).
case "$here" in
    *[\\\"\`\$\|\&]*)
        echo "error: move the folder to a path without \\ \" \` \$ | & first" >&2
        exit 1 ;;
esac
sed -e "s|^Exec=.*|Exec=\"$here/jobcentre\"\\nTryExec=$here/jobcentre|" \
    "$here/jobcentre.desktop" > "$data/applications/jobcentre.desktop"
chmod 644 "$data/applications/jobcentre.desktop"

command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$data/applications" 2>/dev/null || true
command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true
echo "added Job Centre Desk to the application menu ($data/applications/jobcentre.desktop)"
