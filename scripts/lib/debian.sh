# Shared by the scripts that bring a CPython from Debian's archive into .cache/: one-line errors,
# the machine's own Debian archive, and apt with private state (the machine's apt sources are
# never changed). Source it after setting ME (the script's name), LOG (its log file) and HINT
# (what else the reader can do); progress goes to stderr so that stdout carries only a path.

REPORTED=""
die() {
    # One message, then exit: callers see what failed and what to do, never a bare trace.
    local code=1
    if [[ $1 =~ ^[0-9]+$ ]]; then code=$1; shift; fi
    REPORTED=1
    echo "$ME: $*" >&2
    exit "$code"
}
say() { echo "$ME: $*" >&2; }

# A failure that no die() covers (set -e) still ends with one line saying where it stopped.
FAILED_AT=""
trap 'FAILED_AT="line $LINENO: $BASH_COMMAND"' ERR
on_exit() {
    local rc=$?
    if ((rc != 0)) && [[ -z $REPORTED ]]; then
        echo "$ME: unexpected failure (exit $rc${FAILED_AT:+ at $FAILED_AT}); see $LOG if it exists. $HINT" >&2
    fi
}
trap on_exit EXIT

# Sets ARCHIVE_URI and KEYRING from the machine's own apt sources, so that mirrors and proxies set up
# here keep working.
find_debian_archive() {
    command -v apt-get >/dev/null || die "cannot download from Debian: apt-get is not available. $HINT"
    ARCHIVE_URI=""
    KEYRING=""
    local f
    shopt -s nullglob
    for f in /etc/apt/sources.list.d/*.sources; do
        # deb822: one stanza per blank-line-separated block; take the first "deb" stanza that is not a security archive.
        read -r ARCHIVE_URI KEYRING < <(awk '
            BEGIN { RS = ""; FS = "\n" }
            {
                types = uri = key = suites = enabled = ""
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^[ \t]*#/) continue
                    if (match(line, /^Types:[ \t]*/))      types   = substr(line, RLENGTH + 1)
                    if (match(line, /^URIs:[ \t]*/))       uri     = substr(line, RLENGTH + 1)
                    if (match(line, /^Suites:[ \t]*/))     suites  = substr(line, RLENGTH + 1)
                    if (match(line, /^Signed-By:[ \t]*/))  key     = substr(line, RLENGTH + 1)
                    if (match(line, /^Enabled:[ \t]*/))    enabled = substr(line, RLENGTH + 1)
                }
                if (enabled ~ /^no/) next
                if (types ~ /(^|[ \t])deb([ \t]|$)/ && uri != "" && suites !~ /-security/) {
                    split(uri, u, /[ \t]+/)
                    # An inline key block cannot go into a one-line source; fall back to the default keyring then.
                    if (key !~ /^\//) key = "-"
                    print u[1], key
                    exit
                }
            }' "$f") || true
        [[ -n $ARCHIVE_URI ]] && break
    done
    if [[ -z $ARCHIVE_URI ]]; then
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [[ -r $f ]] || continue
            # One-line format: deb [opts] URI suite components...
            read -r ARCHIVE_URI KEYRING < <(awk '
                $1 == "deb" {
                    key = "-"; i = 2
                    if ($2 ~ /^\[/) {
                        for (; i <= NF; i++) {
                            if (match($i, /signed-by=/)) { key = substr($i, RSTART + RLENGTH); sub(/\]$/, "", key) }
                            if ($i ~ /\]$/) { i++; break }
                        }
                    }
                    if ($(i + 1) ~ /-security/) next
                    print $i, key
                    exit
                }' "$f") || true
            [[ -n $ARCHIVE_URI ]] && break
        done
    fi
    shopt -u nullglob
    [[ -n $ARCHIVE_URI ]] || die "cannot download from Debian: no Debian archive found in /etc/apt/sources.list or /etc/apt/sources.list.d/. $HINT"
    if [[ $KEYRING == - || -z $KEYRING ]]; then
        KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
    fi
    [[ -r $KEYRING ]] || die "cannot download from Debian: keyring $KEYRING is missing (apt-get install debian-archive-keyring). $HINT"
}

# private_apt DIR SOURCE_LINE: sets APT_OPTS so that apt-get reads only SOURCE_LINE and keeps its lists,
# downloads and package state under DIR. The state starts empty, so `install --download-only` fetches a
# package's whole dependency closure, as on an empty system.
private_apt() {
    local dir=$1 line=$2
    rm -rf "$dir"
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/preferences.d"
    echo "$line" >"$dir/sources.list"
    : >"$dir/status"
    APT_OPTS=(
        -o "Dir::Etc::sourcelist=$dir/sources.list"
        -o "Dir::Etc::sourceparts=-"
        -o "Dir::Etc::preferencesparts=$dir/preferences.d"
        -o "Dir::State::Lists=$dir/lists"
        -o "Dir::State::status=$dir/status"
        -o "Dir::Cache=$dir/cache"
        -o "Debug::NoLocking=1"
    )
    # As root apt drops to the _apt user, which cannot write into a private folder owned by root.
    [[ $(id -u) == 0 ]] && APT_OPTS+=(-o "APT::Sandbox::User=root")
    return 0
}

# apt_fail WHAT: the last apt errors from $LOG, as one line.
apt_fail() {
    local reason
    reason=$(grep -E '^(E|Err|W):' "$LOG" | tail -n 2 | tr '\n' ' ' | sed 's/[ .]*$//' || true)
    die "cannot download $1 from Debian ($ARCHIVE_URI): ${reason:-see $LOG}. $HINT"
}
