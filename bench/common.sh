# bench/common.sh - what floors.sh and ab.sh share; sourced, with BENCH_NAME set to the script's name.

die() {
    echo "$BENCH_NAME: $*" >&2
    exit 1
}

# The hbpushd home of this tree's distribution (distribution/target/hbpush-*/hbpush-*); empty when not built.
tree_home() {
    found=
    for home in "$1"/distribution/target/hbpush-*/hbpush-*/; do
        [ -x "$home/bin/hbpushd" ] && found=${home%/}
    done
    echo "$found"
}

# Raises the open-file limit to the hard limit; dies when that cannot hold $1 connections and some to spare.
need_open_files() {
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    [ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $(($1 + 256)) ] || die "the open-file limit $(ulimit -n) is below $(($1 + 256))"
}
