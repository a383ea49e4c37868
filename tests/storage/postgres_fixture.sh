#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the storage tests and benchmarks.
#
#   postgres_fixture.sh start STATE_DIR    initdb into STATE_DIR/data, start on 127.0.0.1 at a free
#                                          port, create database jisr_test, write its URL to
#                                          STATE_DIR/url
#   postgres_fixture.sh stop STATE_DIR     stop the server and delete its data (the log stays)
#   postgres_fixture.sh pause STATE_DIR    stop the server, keeping its data (outage tests)
#   postgres_fixture.sh resume STATE_DIR   start it again on the same port
#
# CTest runs start/stop as the `postgres` fixture (tests/storage/CMakeLists.txt). When
# JISR_TEST_POSTGRES_URL is set the tests use that server and this script does nothing.
# PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user that
# Debian's postgresql package creates, and its data, socket and log live in a private directory
# that user owns under /tmp (named in STATE_DIR/server_dir; removed on stop, its log copied to
# STATE_DIR/server.log first), because the postgres user may not be able to enter STATE_DIR (a
# clone in root's home folder, mode 700). As anyone else they live in STATE_DIR.
# JISR_POSTGRES_BIN overrides where initdb and pg_ctl are.
set -euo pipefail

command=${1:-}
state_dir=${2:-}
if [[ -z "$command" || -z "$state_dir" ]]; then
  echo "usage: $0 start|stop|pause|resume STATE_DIR" >&2
  exit 2
fi

say() { echo "postgres_fixture: $*"; }
die() { echo "postgres_fixture: error: $*" >&2; exit 1; }

if [[ -n "${JISR_TEST_POSTGRES_URL:-}" ]]; then
  say "JISR_TEST_POSTGRES_URL is set: the tests use that server; nothing to $command"
  exit 0
fi

pg_bin=${JISR_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
mkdir -p "$state_dir"
state_dir=$(cd "$state_dir" && pwd)
url_file="$state_dir/url"
port_file="$state_dir/port"
server_dir_file="$state_dir/server_dir"

# Runs a server-side command as the user the server runs as.
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  getent passwd postgres >/dev/null ||
    die "running as root, and there is no 'postgres' user to run the server as (PostgreSQL" \
        "refuses root): install Debian's postgresql package, which creates it, or run the" \
        "tests as an ordinary user"
  if command -v runuser >/dev/null; then
    as_server=(runuser -u postgres --)
  else
    as_server=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  fi
fi

# Where the server keeps its data, socket and log: STATE_DIR, or (as root) the private directory
# that `start` made and named in STATE_DIR/server_dir.
server_dir=$state_dir
if [[ ${#as_server[@]} -gt 0 && -s "$server_dir_file" ]]; then
  server_dir=$(cat "$server_dir_file")
fi
set_server_paths() {
  data_dir="$server_dir/data"
  socket_dir="$server_dir/socket"
  log_file="$server_dir/server.log"
  pg_ctl_out="$server_dir/pg_ctl.out"
}
set_server_paths
# The server user may not be able to enter the folder this runs from: run its commands from /.
if [[ ${#as_server[@]} -gt 0 ]]; then cd /; fi

require_binaries() {
  [[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] ||
    die "no PostgreSQL server binaries at $pg_bin (initdb, pg_ctl). On Debian 12:" \
        "apt-get install postgresql. Elsewhere set JISR_POSTGRES_BIN to the directory holding" \
        "initdb, or set JISR_TEST_POSTGRES_URL to a server you run yourself."
}

server_running() {
  [[ -f "$data_dir/PG_VERSION" ]] && "${as_server[@]}" "$pg_bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
    echo $((20000 + RANDOM % 40000))
}

# Shows why a server did not start or stop: pg_ctl's words and the end of the server log.
explain_failure() {
  cat "$pg_ctl_out" >&2 || true
  echo "postgres_fixture: last lines of $log_file:" >&2
  tail -n 15 "$log_file" >&2 || true
}

start_server() {
  "${as_server[@]}" "$pg_bin/pg_ctl" -D "$data_dir" -l "$log_file" -w -t 60 start \
    >"$pg_ctl_out" 2>&1 || { explain_failure; return 1; }
}

# A fast shutdown ends with a checkpoint, which can take long on a disk other jobs keep busy;
# the data is throwaway, so after 30 s an immediate shutdown (crash recovery on the next start)
# is good enough.
stop_server() {
  if server_running; then
    say "stopping the server in $data_dir"
    if ! "${as_server[@]}" "$pg_bin/pg_ctl" -D "$data_dir" -m fast -w -t 30 stop \
      >"$pg_ctl_out" 2>&1; then
      say "fast shutdown did not finish in 30 s; stopping immediately"
      "${as_server[@]}" "$pg_bin/pg_ctl" -D "$data_dir" -m immediate -w -t 30 stop \
        >"$pg_ctl_out" 2>&1 || { explain_failure; return 1; }
    fi
  fi
}

# Removes the server's data and socket, keeping its log at STATE_DIR/server.log; as root, the
# whole private directory goes.
remove_server_files() {
  if [[ "$server_dir" != "$state_dir" ]]; then
    [[ -f "$log_file" ]] && cp "$log_file" "$state_dir/server.log"
    rm -rf "$server_dir"
    rm -f "$server_dir_file"
    server_dir=$state_dir
    set_server_paths
  fi
  rm -rf "$data_dir" "$socket_dir" "$url_file" "$port_file"
}

case "$command" in
  start)
    require_binaries
    stop_server
    remove_server_files
    if [[ ${#as_server[@]} -gt 0 ]]; then
      server_dir=$("${as_server[@]}" mktemp -d /tmp/jisr-postgres.XXXXXX) ||
        die "the postgres user cannot make a directory under /tmp: check that /tmp is" \
            "writable by every user (mode 1777)"
      echo "$server_dir" >"$server_dir_file"
      set_server_paths
    fi
    "${as_server[@]}" mkdir -p "$socket_dir"
    "${as_server[@]}" truncate -s 0 "$log_file" "$pg_ctl_out"
    say "initdb into $data_dir"
    # --no-sync only speeds up initdb; the running server keeps fsync on, so benchmark figures
    # include real commit durability.
    "${as_server[@]}" "$pg_bin/initdb" -D "$data_dir" -U jisr --auth=trust -E UTF8 --locale=C \
      --no-sync >"$state_dir/initdb.log" 2>&1 ||
      die "initdb failed; see $state_dir/initdb.log"
    echo "include 'jisr_fixture.conf'" | "${as_server[@]}" tee -a "$data_dir/postgresql.conf" >/dev/null
    started=0
    for attempt in 1 2 3; do
      port=$(free_port)
      printf "%s\n" \
        "listen_addresses = '127.0.0.1'" \
        "port = $port" \
        "unix_socket_directories = '$socket_dir'" \
        "max_connections = 200" |
        "${as_server[@]}" tee "$data_dir/jisr_fixture.conf" >/dev/null
      say "starting PostgreSQL on 127.0.0.1:$port (log: $log_file)"
      if start_server; then started=1; break; fi
      say "start failed (attempt $attempt; the port may have been taken meanwhile)"
    done
    [[ $started -eq 1 ]] || die "PostgreSQL did not start; see $log_file"
    "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U jisr jisr_test ||
      die "createdb jisr_test failed; see $log_file"
    echo "$port" >"$port_file"
    echo "postgresql://jisr@127.0.0.1:$port/jisr_test?sslmode=disable" >"$url_file"
    say "ready: $(cat "$url_file") (written to $url_file)"
    ;;
  stop)
    stop_server
    remove_server_files
    say "stopped; the server log stays at $state_dir/server.log"
    ;;
  pause)
    [[ -f "$data_dir/PG_VERSION" ]] || die "no server in $state_dir: run '$0 start $state_dir' first"
    stop_server
    say "paused (data kept in $data_dir)"
    ;;
  resume)
    require_binaries
    [[ -f "$data_dir/PG_VERSION" ]] || die "no server in $state_dir: run '$0 start $state_dir' first"
    if ! server_running; then
      start_server || die "PostgreSQL did not start again; see $log_file"
    fi
    say "resumed on 127.0.0.1:$(cat "$port_file")"
    ;;
  *)
    echo "usage: $0 start|stop|pause|resume STATE_DIR" >&2
    exit 2
    ;;
esac
