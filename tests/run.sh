#!/usr/bin/env bash
# The one test command (DESIGN.md section 8): installs what is missing, starts
# PostgreSQL and maildev on 127.0.0.1, runs `dotnet test`, stops what it started,
# and ends with the line `N passed, N failed[, N skipped]`.
#
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Store").
# APPROVAL_SKIP_DOTNET=1 starts the services, smoke-checks them and stops (no build).
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
REPO="$(pwd)"

log() { echo "[run.sh] $*" >&2; }

# ---------------------------------------------------------------------------
# Cleanup: always stop services and print the summary as the very last line,
# whatever way the script ends. SUMMARY stays a failure until a real count exists.
# ---------------------------------------------------------------------------
SUMMARY="0 passed, 1 failed"
WORK=""
PGBIN=""
PGDATA_DIR=""
PG_USER=""
MAILDEV_PID=""
POLICY_RC_CREATED=""

as_pg() {
    # initdb/pg_ctl refuse to run as root, so drop to an unprivileged user then.
    if [ -n "$PG_USER" ]; then
        (cd "$WORK/pg" && runuser -u "$PG_USER" -- "$@")
    else
        "$@"
    fi
}

cleanup() {
    if [ -n "$POLICY_RC_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; fi
    if [ -n "$MAILDEV_PID" ] && kill -0 "$MAILDEV_PID" 2>/dev/null; then
        kill "$MAILDEV_PID" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$MAILDEV_PID" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$MAILDEV_PID" 2>/dev/null
        wait "$MAILDEV_PID" 2>/dev/null
    fi
    if [ -n "$PGDATA_DIR" ] && [ -f "$PGDATA_DIR/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" stop -m immediate -w -t 10 >>"$WORK/pg/stop.log" 2>&1
        # If pg_ctl could not stop it, kill the postmaster by its pid.
        if [ -f "$PGDATA_DIR/postmaster.pid" ]; then
            pid="$(head -n1 "$PGDATA_DIR/postmaster.pid" 2>/dev/null)"
            [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
        fi
    fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then rm -rf "$WORK"; fi
    echo "$SUMMARY"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_setup() {
    log "SETUP FAILED: $*"
    SUMMARY="0 passed, 1 failed"
    exit 1
}

# Print the tail of a service log so a failed start explains itself.
show_log() {
    log "---- last lines of $1 ----"
    tail -n 40 "$1" >&2 2>/dev/null
    log "----"
}

T0=$(date +%s)

# ---------------------------------------------------------------------------
# 1. Temporary directory for the database, logs and test results.
# ---------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/approval-tests.XXXXXX")" || fail_setup "mktemp"
chmod 755 "$WORK"     # the postgres user must be able to reach $WORK/pg
mkdir -p "$WORK/pg" "$WORK/results" "$WORK/mail"

# ---------------------------------------------------------------------------
# 2. Install what a fresh Debian machine lacks.
# ---------------------------------------------------------------------------
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

find_pgbin() {
    # Debian puts the server binaries outside PATH, in /usr/lib/postgresql/<ver>/bin.
    local d
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        d="$(dirname "$(readlink -f "$(command -v initdb)")")"
        [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s fonts-wqy-microhei 2>/dev/null | grep -q '^Status: install ok installed' || missing+=(fonts-wqy-microhei)
# pdftotext and pdftoppm: the PDF tests read the server's PDFs (text, first page as an image).
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
find_pgbin >/dev/null || missing+=(postgresql)

if [ ${#missing[@]} -gt 0 ]; then
    log "installing: ${missing[*]}"
    # Keep the package's own cluster from auto-starting: we run our own server.
    if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "$SUDO" ]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && POLICY_RC_CREATED=1
    fi
    # The lock timeout lets us wait for another apt run instead of failing.
    $SUDO apt-get -o DPkg::Lock::Timeout=300 update >"$WORK/apt.log" 2>&1 \
        || { show_log "$WORK/apt.log"; fail_setup "apt-get update"; }
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y \
        --no-install-recommends "${missing[@]}" >>"$WORK/apt.log" 2>&1 \
        || { show_log "$WORK/apt.log"; fail_setup "apt-get install ${missing[*]}"; }
    if [ -n "$POLICY_RC_CREATED" ]; then rm -f /usr/sbin/policy-rc.d; POLICY_RC_CREATED=""; fi
fi

PGBIN="$(find_pgbin)" || fail_setup "PostgreSQL server binaries (initdb, pg_ctl) not found"
CHROMIUM="$(command -v chromium)" || fail_setup "chromium not found"

# maildev lives in a gitignored tools folder inside the repo, so no global npm install.
MAILDEV="$REPO/.tools/node_modules/.bin/maildev"
if [ ! -x "$MAILDEV" ]; then
    log "installing maildev into .tools/"
    npm install --prefix "$REPO/.tools" --no-audit --no-fund --loglevel=error maildev@2 >&2 \
        || fail_setup "npm install maildev"
fi

# The web project's npm packages (htmx, ECharts, the bpmn-js designer bundle) are installed and built by MSBuild
# (RestoreFrontEnd / BuildFrontEnd in src/Approval.Web/Approval.Web.csproj) during `dotnet build` below.

T_INSTALLED=$(date +%s)

# Ports: first one from START upwards that nothing listens on (ss, or a connect test without it).
port_busy() {
    if command -v ss >/dev/null; then
        [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
    fi
}
free_port() {
    local p
    for ((p = $1; p < $1 + 200; p++)); do
        port_busy "$p" || { echo "$p"; return 0; }
    done
    return 1
}

# ---------------------------------------------------------------------------
# 3. PostgreSQL, in $WORK/pg, on 127.0.0.1 only, tuned for speed not durability.
# ---------------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then
        PG_USER=postgres
    else
        id approvaltest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin approvaltest \
            || fail_setup "useradd approvaltest"
        PG_USER=approvaltest
    fi
    chown "$PG_USER" "$WORK/pg"
fi

PGDATA_DIR="$WORK/pg/data"
PG_LOG="$WORK/pg/postgres.log"
if ! as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1; then
    # Some machines lack the C.UTF-8 locale; the C locale with UTF8 encoding still works.
    rm -rf "$PGDATA_DIR"
    as_pg "$PGBIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --no-locale >>"$WORK/initdb.log" 2>&1 \
        || { show_log "$WORK/initdb.log"; PGDATA_DIR=""; fail_setup "initdb"; }
fi

PG_PORT="$(free_port 55432)" || fail_setup "no free port for PostgreSQL"
if ! as_pg "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 30 start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$WORK/pg \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        >"$WORK/pg_ctl.log" 2>&1; then
    show_log "$WORK/pg_ctl.log"; show_log "$PG_LOG"; fail_setup "PostgreSQL did not start"
fi
PG_ISREADY="$PGBIN/pg_isready"; [ -x "$PG_ISREADY" ] || PG_ISREADY=pg_isready
for ((i = 0; i < 60; i++)); do
    "$PG_ISREADY" -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.5
done
"$PG_ISREADY" -q -h 127.0.0.1 -p "$PG_PORT" || { show_log "$PG_LOG"; fail_setup "PostgreSQL not ready on port $PG_PORT"; }
log "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"

# ---------------------------------------------------------------------------
# 4. maildev: catches the mail the app sends; tests read it over its web API.
# ---------------------------------------------------------------------------
SMTP_PORT="$(free_port 51025)" || fail_setup "no free port for maildev SMTP"
WEB_PORT="$(free_port 51080)" || fail_setup "no free port for maildev web"
MAILDEV_LOG="$WORK/maildev.log"
"$MAILDEV" --smtp "$SMTP_PORT" --web "$WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1 \
    --mail-directory "$WORK/mail" </dev/null >"$MAILDEV_LOG" 2>&1 &
MAILDEV_PID=$!
for ((i = 0; i < 60; i++)); do
    curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/email" 2>/dev/null && break
    kill -0 "$MAILDEV_PID" 2>/dev/null || break    # died: no point waiting
    sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/email" 2>/dev/null \
    || { show_log "$MAILDEV_LOG"; fail_setup "maildev did not answer on port $WEB_PORT"; }
log "maildev SMTP 127.0.0.1:$SMTP_PORT, web http://127.0.0.1:$WEB_PORT"

T_READY=$(date +%s)
log "install check $((T_INSTALLED - T0))s, services up in $((T_READY - T_INSTALLED))s"

# ---------------------------------------------------------------------------
# 5. What the tests read. REQUIRE_SERVICES makes a missing service a failure, not a skip.
# ---------------------------------------------------------------------------
export APPROVAL_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
export APPROVAL_TEST_SMTP_HOST=127.0.0.1
export APPROVAL_TEST_SMTP_PORT="$SMTP_PORT"
export APPROVAL_TEST_MAILDEV_URL="http://127.0.0.1:$WEB_PORT"
export APPROVAL_TEST_CHROMIUM="$CHROMIUM"
export APPROVAL_TEST_ARTIFACTS="$REPO/artifacts"   # screenshots of the browser tests, kept after the run
export APPROVAL_TEST_REQUIRE_SERVICES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${APPROVAL_SKIP_DOTNET:-}" = "1" ]; then
    # Infrastructure check only: both services answer, then stop them.
    PSQL="$PGBIN/psql"; [ -x "$PSQL" ] || PSQL=psql
    one="$("$PSQL" "host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres" -tAc 'select 1' 2>&1)"
    log "psql select 1 -> $one"
    mails="$(curl -fsS "$APPROVAL_TEST_MAILDEV_URL/email" 2>&1)"
    log "maildev GET /email -> $mails"
    env | grep '^APPROVAL_TEST_' | sort >&2
    [ "$one" = "1" ] || fail_setup "psql smoke check"
    [ "$mails" = "[]" ] || fail_setup "maildev smoke check"
    SUMMARY="0 passed, 0 failed"
    exit 0
fi

# ---------------------------------------------------------------------------
# 6. Build, then test. A build failure counts as one failure.
# ---------------------------------------------------------------------------
if ! dotnet build Approval.sln -c Release; then
    log "BUILD FAILED"
    SUMMARY="0 passed, 1 failed"
    exit 1
fi

# No fixed LogFileName: with a solution, every test project would overwrite the same file.
dotnet test Approval.sln -c Release --no-build --logger trx --results-directory "$WORK/results" "$@"
test_rc=$?

# ---------------------------------------------------------------------------
# 7. Sum the <Counters .../> of every .trx file.
# ---------------------------------------------------------------------------
counter() {  # counter NAME COUNTERS-ELEMENT
    local v
    v="$(printf '%s' "$2" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*')"
    echo "${v:-0}"
}
total=0 passed=0 failed=0 skipped=0 files=0
while IFS= read -r -d '' trx; do
    c="$(tr '\n' ' ' <"$trx" | grep -o '<Counters [^>]*>' | head -n1)"
    [ -n "$c" ] || { log "no <Counters> in $trx"; continue; }
    files=$((files + 1))
    total=$((total + $(counter total "$c")))
    passed=$((passed + $(counter passed "$c")))
    failed=$((failed + $(counter failed "$c") + $(counter error "$c") + $(counter timeout "$c") + $(counter aborted "$c")))
    skipped=$((skipped + $(counter notExecuted "$c") + $(counter inconclusive "$c")))
done < <(find "$WORK/results" -name '*.trx' -print0)
log "$files trx file(s), $total test(s), dotnet test exit code $test_rc"

rc=0
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # dotnet test failed without a failed test in the trx (crash, bad filter...): still a failure.
    failed=1
fi
[ "$failed" -gt 0 ] && rc=1
if [ $((passed + failed)) -eq 0 ]; then log "no test ran"; rc=1; fi

SUMMARY="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && SUMMARY="$SUMMARY, $skipped skipped"
exit "$rc"
