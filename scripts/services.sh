# shellcheck shell=bash
#
# scripts/services.sh: make sure a PostgreSQL and a Redis are available and
# export DATABASE_URL and REDIS_URL, and install the Debian packages the
# scripts need. Meant to be sourced by bash scripts, which then call
# services_main:
#
#     . scripts/services.sh
#     services_ensure_ca_certificates    # optional: before go fetches modules
#     services_main
#
# Which servers are used, per service, first match wins:
#   1. DATABASE_URL / REDIS_URL already set: used as they are (checked to answer).
#   2. A server answering on 127.0.0.1:5432 (user postgres, trust auth) /
#      127.0.0.1:6379 (no password): the database "jaganagari" is created in it
#      if missing.
#   3. Throwaway servers in a temporary directory on free ports, stopped and
#      removed when the sourcing shell exits (services_cleanup, installed in an
#      EXIT trap chained with any EXIT trap already set). Missing server binaries
#      are installed with apt-get when running as root; otherwise it stops with
#      the command to install them.
#
# services_ensure_packages CHECK PKG... installs other packages the same way
# (scripts/test: the C compiler, Chromium, LibreOffice).
#
# Environment:
#   DATABASE_URL, REDIS_URL    use these servers
#   JAGANAGARI_THROWAWAY=1     skip the local servers: always start throwaway ones
#   JAGANAGARI_PG_BINDIR       directory with initdb, pg_ctl and postgres
#                              (default: newest /usr/lib/postgresql/*/bin, then PATH)
#   JAGANAGARI_NO_INSTALL=1    never run apt-get, just say what is missing
#   TMPDIR                     where the throwaway directory goes (default /tmp)
#
# A caller that sets its own EXIT trap after calling services_main must call
# services_cleanup from it.
#
# Works under the caller's `set -euo pipefail`, and without it.

if [ -z "${BASH_VERSION:-}" ]; then
	echo "services.sh: needs bash; source it from a bash script" >&2
	# shellcheck disable=SC2317 # reached when not sourced
	return 1 2>/dev/null || exit 1
fi
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	echo "services.sh: source it, do not run it: . scripts/services.sh" >&2
	exit 2
fi
if [ -n "${_SERVICES_SH_LOADED:-}" ]; then
	return 0
fi
_SERVICES_SH_LOADED=1

_SERVICES_DB_NAME=jaganagari
_SERVICES_DIR=""        # throwaway directory, removed by services_cleanup
_SERVICES_PG_DATA=""    # throwaway Postgres data directory
_SERVICES_PG_BIN=""     # directory with initdb, pg_ctl, postgres
_SERVICES_PG_USER=""    # system user running the throwaway Postgres when root
_SERVICES_REDIS_PID=""  # pid of the throwaway Redis
_SERVICES_PREV_EXIT=""  # the EXIT trap that was set before ours
_SERVICES_TRAPPED=""
_SERVICES_PSQL=""
_SERVICES_PG_PORT=""
_SERVICES_REDIS_SERVER=""
_SERVICES_REDIS_PORT=""
_SERVICES_APT_UPDATED="" # apt-get update has run

_services_say() {
	printf 'services: %s\n' "$*" >&2
}

_services_die() {
	_services_say "$@"
	exit 1 # the EXIT trap stops whatever was started
}

_services_true() {
	case "${1:-}" in
	"" | 0 | false | FALSE | no | NO) return 1 ;;
	*) return 0 ;;
	esac
}

_services_is_root() {
	[ "$(id -u)" = 0 ]
}

# Mask the password in a URL or key=value connection string.
_services_mask() {
	printf '%s' "$1" | sed -E 's#(://[^/@:]*):[^@/]*@#\1:***@#; s#(password=)[^ &]*#\1***#g'
}

# _services_tcp HOST PORT [SEND [NCHARS]]: connect; with SEND, write it (printf
# escapes allowed) and print the reply: NCHARS characters, or one line when
# NCHARS is 0. Fails when nothing listens or nothing comes back in time.
_services_tcp() {
	# shellcheck disable=SC2016 # expanded by the inner bash
	local script='
		exec 3<>"/dev/tcp/$1/$2" || exit 1
		[ -n "${3:-}" ] || exit 0
		printf "$3" >&3 || exit 1
		if [ "${4:-0}" -gt 0 ]; then
			IFS= read -r -n "$4" -t 3 reply <&3 || exit 1
		else
			IFS= read -r -t 3 reply <&3 || exit 1
		fi
		printf "%s\n" "$reply" | tr -d "\r"'
	if command -v timeout >/dev/null 2>&1; then
		timeout 5 "$BASH" -c "$script" services-probe "$@" 2>/dev/null
	else
		"$BASH" -c "$script" services-probe "$@" 2>/dev/null
	fi
}

# Is a PostgreSQL answering on HOST PORT? Waits while one is starting up.
_services_pg_answers() {
	local host=$1 port=$2 i rc reply
	if command -v pg_isready >/dev/null 2>&1; then
		for i in 1 2 3 4 5 6 7 8 9 10; do
			rc=0
			pg_isready -q -h "$host" -p "$port" -t 3 || rc=$?
			[ "$rc" = 1 ] || break # 1: starting up, wait for it
			[ "$i" = 10 ] || sleep 1
		done
		[ "$rc" = 0 ]
	else
		# An SSLRequest: a PostgreSQL answers with one byte, N or S.
		reply=$(_services_tcp "$host" "$port" '\x00\x00\x00\x08\x04\xd2\x16\x2f' 1) || return 1
		case "$reply" in N | S) return 0 ;; *) return 1 ;; esac
	fi
}

# Print the reply of a Redis on HOST PORT to PING ("PONG", or an error
# such as "NOAUTH ..."); fail when no Redis answers.
_services_redis_ping() {
	local host=$1 port=$2 reply
	if command -v redis-cli >/dev/null 2>&1; then
		reply=$(redis-cli -h "$host" -p "$port" ping 2>&1 </dev/null) || true
		case "$reply" in
		PONG | NOAUTH* | WRONGPASS* | ERR* | DENIED* | "(error)"*) ;;
		*) return 1 ;;
		esac
		printf '%s\n' "${reply#(error) }"
	else
		reply=$(_services_tcp "$host" "$port" 'PING\r\n' 0) || return 1
		case "$reply" in
		+*) printf '%s\n' "${reply#+}" ;;
		-*) printf '%s\n' "${reply#-}" ;;
		*) return 1 ;;
		esac
	fi
}

# _services_hostport URL DEFAULT_PORT: print "host port" of a URL
# (scheme://user:pass@host:port/...) or a key=value connection string.
_services_hostport() {
	local url=$1 host="" port="" rest word
	local -a words
	case "$url" in
	*://*)
		rest=${url#*://}
		rest=${rest%%[/?#]*}
		rest=${rest##*@}
		rest=${rest%%,*}
		case "$rest" in
		\[*\]*)
			host=${rest%%]*}
			host=${host#[}
			port=${rest#*]}
			port=${port#:}
			;;
		*)
			host=${rest%%:*}
			port=${rest#"$host"}
			port=${port#:}
			;;
		esac
		;;
	*)
		read -r -a words <<<"$url"
		for word in ${words[@]+"${words[@]}"}; do
			case "$word" in
			host=*) host=${word#host=} ;;
			port=*) port=${word#port=} ;;
			esac
		done
		;;
	esac
	printf '%s %s\n' "${host:-localhost}" "${port:-$2}"
}

_services_check_database_url() {
	local rc=0 hp host port
	if command -v pg_isready >/dev/null 2>&1; then
		pg_isready -q -t 5 -d "$DATABASE_URL" 2>/dev/null || rc=$?
		[ "$rc" = 0 ] && return 0
		[ "$rc" = 3 ] || return 1 # 3: pg_isready did not understand the URL
	fi
	hp=$(_services_hostport "$DATABASE_URL" 5432)
	host=${hp% *}
	port=${hp##* }
	case "$host" in
	/*) return 0 ;; # a Unix socket directory: nothing more to check here
	esac
	_services_pg_answers "$host" "$port"
}

_services_check_redis_url() {
	local hp host port
	hp=$(_services_hostport "$REDIS_URL" 6379)
	host=${hp% *}
	port=${hp##* }
	case "$REDIS_URL" in
	rediss://*) _services_tcp "$host" "$port" >/dev/null ;; # TLS: just connect
	*) _services_redis_ping "$host" "$port" >/dev/null ;;
	esac
}

# psql with a key=value connection string to a server we use.
_services_psql() {
	local conn=$1
	shift
	PGCONNECT_TIMEOUT=5 "$_SERVICES_PSQL" -X -q -w -v ON_ERROR_STOP=1 -At -d "$conn" "$@" </dev/null
}

# _services_create_db PORT: print the database URL to use on 127.0.0.1:PORT,
# creating the database if psql is there. Fails if user postgres cannot log in.
_services_create_db() {
	local port=$1 conn exists
	conn="host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=disable"
	if [ -z "$_SERVICES_PSQL" ]; then
		_services_say "psql not found: using database postgres on 127.0.0.1:$port (the bot creates $_SERVICES_DB_NAME itself)"
		printf 'postgres://postgres@127.0.0.1:%s/postgres?sslmode=disable\n' "$port"
		return 0
	fi
	exists=$(_services_psql "$conn" -c "SELECT 1 FROM pg_database WHERE datname = '$_SERVICES_DB_NAME'" 2>/dev/null) || return 1
	if [ "$exists" != 1 ]; then
		if ! _services_psql "$conn" -c "CREATE DATABASE $_SERVICES_DB_NAME" >/dev/null 2>&1; then
			# Someone else may have created it meanwhile.
			exists=$(_services_psql "$conn" -c "SELECT 1 FROM pg_database WHERE datname = '$_SERVICES_DB_NAME'" 2>/dev/null) || return 1
			[ "$exists" = 1 ] || return 1
		fi
	fi
	printf 'postgres://postgres@127.0.0.1:%s/%s?sslmode=disable\n' "$port" "$_SERVICES_DB_NAME"
}

_services_find_psql() {
	_SERVICES_PSQL=""
	if [ -n "$_SERVICES_PG_BIN" ] && [ -x "$_SERVICES_PG_BIN/psql" ]; then
		_SERVICES_PSQL=$_SERVICES_PG_BIN/psql
	elif command -v psql >/dev/null 2>&1; then
		_SERVICES_PSQL=$(command -v psql)
	fi
}

# Set _SERVICES_PG_BIN to a directory holding initdb, pg_ctl and postgres.
_services_find_pg_bin() {
	local d cand="" best=""
	_SERVICES_PG_BIN=""
	if [ -n "${JAGANAGARI_PG_BINDIR:-}" ]; then
		cand=$JAGANAGARI_PG_BINDIR
	else
		for d in /usr/lib/postgresql/*/bin; do
			[ -x "$d/initdb" ] || continue
			best=$(printf '%s\n%s\n' "$best" "$d" | sed '/^$/d' | sort -V | tail -n 1)
		done
		cand=$best
		if [ -z "$cand" ] && command -v initdb >/dev/null 2>&1; then
			cand=$(dirname "$(command -v initdb)")
		fi
	fi
	if [ -n "$cand" ] && [ -x "$cand/initdb" ] && [ -x "$cand/pg_ctl" ] && [ -x "$cand/postgres" ]; then
		_SERVICES_PG_BIN=$cand
	fi
}

# Run a command as the user that owns the throwaway Postgres.
_services_as_pg() {
	if [ -z "$_SERVICES_PG_USER" ]; then
		"$@"
	elif command -v runuser >/dev/null 2>&1; then
		runuser -u "$_SERVICES_PG_USER" -- "$@"
	else
		su "$_SERVICES_PG_USER" -s "$BASH" -c "$(printf '%q ' "$@")"
	fi
}

# initdb and postgres refuse to run as root: pick (or make) a user for them.
_services_pick_pg_user() {
	_SERVICES_PG_USER=""
	_services_is_root || return 0
	if id postgres >/dev/null 2>&1; then
		_SERVICES_PG_USER=postgres
	elif id jaganagari >/dev/null 2>&1; then
		_SERVICES_PG_USER=jaganagari
	elif command -v useradd >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin jaganagari >/dev/null 2>&1 ||
			useradd -r -M -s /bin/false jaganagari >/dev/null 2>&1 ||
			_services_die "running as root and no user postgres: could not create user jaganagari with useradd"
		_SERVICES_PG_USER=jaganagari
	elif command -v adduser >/dev/null 2>&1; then
		adduser -S -D -H jaganagari >/dev/null 2>&1 ||
			_services_die "running as root and no user postgres: could not create user jaganagari with adduser"
		_SERVICES_PG_USER=jaganagari
	else
		_services_die "running as root and no user postgres; create one (PostgreSQL refuses to run as root)"
	fi
}

# Is nothing listening on 127.0.0.1:PORT?
_services_port_free() {
	! _services_tcp 127.0.0.1 "$1" >/dev/null
}

# Print the first free port from $1 on.
_services_free_port() {
	local port=$1 last=$(($1 + 500))
	while [ "$port" -le "$last" ]; do
		if _services_port_free "$port"; then
			printf '%s\n' "$port"
			return 0
		fi
		port=$((port + 1))
	done
	_services_die "no free port between $1 and $last on 127.0.0.1"
}

services_cleanup() {
	local pid i
	if [ -n "$_SERVICES_REDIS_PID" ]; then
		pid=$_SERVICES_REDIS_PID
		_SERVICES_REDIS_PID=""
		if kill "$pid" 2>/dev/null; then
			for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
				kill -0 "$pid" 2>/dev/null || break
				[ "$i" != 20 ] || kill -9 "$pid" 2>/dev/null || true
				sleep 0.25
			done
		fi
	fi
	if [ -n "$_SERVICES_PG_DATA" ] && [ -f "$_SERVICES_PG_DATA/postmaster.pid" ]; then
		pid=$(head -n 1 "$_SERVICES_PG_DATA/postmaster.pid" 2>/dev/null) || pid=""
		(cd / && _services_as_pg "$_SERVICES_PG_BIN/pg_ctl" -D "$_SERVICES_PG_DATA" stop -m immediate -w -t 20) >/dev/null 2>&1 ||
			{ [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true; }
	fi
	_SERVICES_PG_DATA=""
	if [ -n "$_SERVICES_DIR" ]; then
		rm -rf "$_SERVICES_DIR" 2>/dev/null || true
		_SERVICES_DIR=""
	fi
	return 0
}

_services_on_exit() {
	local rc=$?
	set +e
	services_cleanup
	if [ -n "$_SERVICES_PREV_EXIT" ]; then
		(exit "$rc")
		eval "$_SERVICES_PREV_EXIT"
	fi
	return "$rc"
}

_services_keep_prev_exit() {
	_SERVICES_PREV_EXIT=$3
}

# Install services_cleanup on EXIT, after the caller's EXIT trap if there is
# one, and turn INT, TERM and HUP into an exit (so the EXIT trap runs) unless
# the caller traps them.
_services_install_trap() {
	local prev
	[ -z "$_SERVICES_TRAPPED" ] || return 0
	_SERVICES_TRAPPED=1
	prev=$(trap -p EXIT)
	if [ -n "$prev" ]; then
		# prev reads: trap -- 'command' EXIT
		eval "_services_keep_prev_exit $prev"
	fi
	trap _services_on_exit EXIT
	[ -n "$(trap -p INT)" ] || trap 'exit 130' INT
	[ -n "$(trap -p TERM)" ] || trap 'exit 143' TERM
	[ -n "$(trap -p HUP)" ] || trap 'exit 129' HUP
}

_services_make_dir() {
	local base=${TMPDIR:-/tmp}
	_SERVICES_DIR=$(mktemp -d "${base%/}/jaganagari-services.XXXXXX") ||
		_services_die "could not make a temporary directory under $base"
	if [ -n "$_SERVICES_PG_USER" ]; then
		chown "$_SERVICES_PG_USER" "$_SERVICES_DIR"
		if ! (cd / && _services_as_pg test -w "$_SERVICES_DIR"); then
			# TMPDIR is not reachable for that user (under /root, say).
			rm -rf "$_SERVICES_DIR"
			_SERVICES_DIR=$(mktemp -d /tmp/jaganagari-services.XXXXXX) ||
				_services_die "could not make a temporary directory under /tmp"
			chown "$_SERVICES_PG_USER" "$_SERVICES_DIR"
		fi
	fi
}

_services_start_pg() {
	local dir=$_SERVICES_DIR port attempt=0
	_SERVICES_PG_DATA=$dir/pgdata
	if ! (cd "$dir" && _services_as_pg "$_SERVICES_PG_BIN/initdb" -D "$_SERVICES_PG_DATA" -A trust -U postgres \
		-E UTF8 --locale=C -N >"$dir/initdb.log" 2>&1); then
		_SERVICES_PG_DATA=""
		tail -n 20 "$dir/initdb.log" >&2 || true
		_services_die "initdb failed ($_SERVICES_PG_BIN/initdb)"
	fi
	port=15432
	while [ "$attempt" -lt 5 ]; do
		attempt=$((attempt + 1))
		port=$(_services_free_port "$port") || exit 1
		if (cd "$dir" && _services_as_pg "$_SERVICES_PG_BIN/pg_ctl" -D "$_SERVICES_PG_DATA" -l "$dir/postgres.log" -w -t 60 \
			-o "-k '$dir' -p $port -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
			start >"$dir/pg_ctl.log" 2>&1); then
			_SERVICES_PG_PORT=$port
			return 0
		fi
		if ! grep -q 'already in use' "$dir/postgres.log" 2>/dev/null; then
			break
		fi
		port=$((port + 1)) # lost a race for the port: try the next one
	done
	tail -n 20 "$dir/postgres.log" >&2 2>/dev/null || true
	_services_die "could not start a throwaway PostgreSQL with $_SERVICES_PG_BIN/pg_ctl (log above)"
}

# Print the process id of the Redis answering on 127.0.0.1:PORT, if redis-cli
# can tell.
_services_redis_pid_of() {
	command -v redis-cli >/dev/null 2>&1 || return 1
	redis-cli -h 127.0.0.1 -p "$1" info server 2>/dev/null </dev/null |
		sed -n 's/^process_id:\([0-9]*\).*/\1/p'
}

_services_start_redis() {
	local dir=$_SERVICES_DIR port attempt=0 i pid served
	port=16379
	while [ "$attempt" -lt 5 ]; do
		attempt=$((attempt + 1))
		port=$(_services_free_port "$port") || exit 1
		rm -f "$dir/redis.pid" "$dir/redis.log"
		"$_SERVICES_REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
			--daemonize yes --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
			</dev/null >>"$dir/redis.out" 2>&1 || true
		# The daemon writes its pid file once it is up; a failed bind exits.
		i=0
		while [ "$i" -lt 100 ]; do
			i=$((i + 1))
			if [ -s "$dir/redis.pid" ]; then
				pid=$(cat "$dir/redis.pid")
				_SERVICES_REDIS_PID=$pid
				if kill -0 "$pid" 2>/dev/null &&
					[ "$(_services_redis_ping 127.0.0.1 "$port" 2>/dev/null)" = PONG ]; then
					# Make sure the Redis that answers is ours, not one that
					# took the port meanwhile.
					served=$(_services_redis_pid_of "$port") || served=$pid
					if [ "$served" = "$pid" ]; then
						_SERVICES_REDIS_PORT=$port
						return 0
					fi
				fi
			fi
			if grep -q 'already in use' "$dir/redis.log" 2>/dev/null; then
				break
			fi
			sleep 0.1
		done
		if [ -n "$_SERVICES_REDIS_PID" ]; then
			kill "$_SERVICES_REDIS_PID" 2>/dev/null || true
			_SERVICES_REDIS_PID=""
		fi
		grep -q 'already in use' "$dir/redis.log" 2>/dev/null || break
		port=$((port + 1)) # lost a race for the port: try the next one
	done
	tail -n 20 "$dir/redis.log" >&2 2>/dev/null || true
	_services_die "could not start a throwaway Redis with $_SERVICES_REDIS_SERVER (log above)"
}

_services_find_redis() {
	_SERVICES_REDIS_SERVER=""
	if command -v redis-server >/dev/null 2>&1; then
		_SERVICES_REDIS_SERVER=$(command -v redis-server)
	fi
}

# Try the local Postgres on 127.0.0.1:5432; sets DATABASE_URL on success.
_services_try_local_pg() {
	local url
	_services_pg_answers 127.0.0.1 5432 || return 1
	_services_find_psql
	if ! url=$(_services_create_db 5432); then
		_services_say "a PostgreSQL answers on 127.0.0.1:5432 but user postgres cannot log in without a password; starting a throwaway one (set DATABASE_URL to use that server)"
		return 1
	fi
	DATABASE_URL=$url
	_services_say "postgres at 127.0.0.1:5432 (local server): $(_services_mask "$DATABASE_URL")"
}

# Try the local Redis on 127.0.0.1:6379; sets REDIS_URL on success.
_services_try_local_redis() {
	local reply
	reply=$(_services_redis_ping 127.0.0.1 6379) || return 1
	if [ "$reply" != PONG ]; then
		_services_say "a Redis answers on 127.0.0.1:6379 but not to a plain PING ($reply); starting a throwaway one (set REDIS_URL to use that server)"
		return 1
	fi
	REDIS_URL=redis://127.0.0.1:6379/0
	_services_say "redis at 127.0.0.1:6379 (local server): $REDIS_URL"
}

# May the scripts install Debian packages? Root, with apt-get, and
# JAGANAGARI_NO_INSTALL unset.
_services_may_install() {
	_services_is_root && command -v apt-get >/dev/null 2>&1 && ! _services_true "${JAGANAGARI_NO_INSTALL:-}"
}

# _services_apt_install PKG...: install Debian packages with apt-get, without
# their recommendations. The package lists are updated once per run. On
# failure it shows apt-get's last lines and returns 1.
_services_apt_install() {
	local log rc=0
	log=$(mktemp "${TMPDIR:-/tmp}/jaganagari-apt.XXXXXX")
	_services_say "installing $* with apt-get (once; this takes a minute)"
	{
		if [ -z "$_SERVICES_APT_UPDATED" ]; then
			DEBIAN_FRONTEND=noninteractive apt-get update -qq && _SERVICES_APT_UPDATED=1
		fi &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
	} </dev/null >"$log" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		tail -n 20 "$log" >&2 || true
		_services_say "apt-get install $* failed (output above)"
	fi
	rm -f "$log"
	hash -r
	return "$rc"
}

# _services_present CHECK: is it there? CHECK is an absolute path (a file
# that exists), a shell function (it succeeds), or a command on PATH.
_services_present() {
	case "$1" in
	/*) [ -e "$1" ] ;;
	*)
		if [ "$(type -t "$1")" = function ]; then
			"$1"
		else
			command -v "$1" >/dev/null 2>&1
		fi
		;;
	esac
}

# services_ensure_packages CHECK PKG...: make sure CHECK (see
# _services_present) holds, installing the Debian packages PKG... first when
# it does not and we may (_services_may_install). Fails when it still does
# not hold: the caller says what that means and what to install.
services_ensure_packages() {
	local check=$1
	shift
	_services_present "$check" && return 0
	_services_may_install || return 1
	_services_apt_install "$@" || return 1
	_services_present "$check"
}

# services_ensure_ca_certificates: go fetches modules from the module proxy
# over HTTPS, which needs the system's CA certificates. On Debian and Ubuntu
# (/etc/ssl/certs/ca-certificates.crt) they are installed when missing and we
# may, or named otherwise; other systems keep them elsewhere.
services_ensure_ca_certificates() {
	command -v apt-get >/dev/null 2>&1 || return 0
	services_ensure_packages /etc/ssl/certs/ca-certificates.crt ca-certificates ||
		_services_say "no /etc/ssl/certs/ca-certificates.crt: go cannot download modules over HTTPS; install it with: sudo apt-get install ca-certificates"
}

services_main() {
	local need_pg="" need_redis="" throwaway="" missing="" packages=""

	if _services_true "${JAGANAGARI_THROWAWAY:-}"; then
		throwaway=1
	fi

	if [ -n "${DATABASE_URL:-}" ]; then
		_services_check_database_url ||
			_services_die "DATABASE_URL=$(_services_mask "$DATABASE_URL") does not answer; start that PostgreSQL or unset DATABASE_URL"
		_services_say "postgres at $(_services_mask "$DATABASE_URL") (DATABASE_URL)"
	else
		need_pg=1
	fi
	if [ -n "${REDIS_URL:-}" ]; then
		_services_check_redis_url ||
			_services_die "REDIS_URL=$(_services_mask "$REDIS_URL") does not answer; start that Redis or unset REDIS_URL"
		_services_say "redis at $(_services_mask "$REDIS_URL") (REDIS_URL)"
	else
		need_redis=1
	fi

	if [ -z "$throwaway" ]; then
		if [ -n "$need_pg" ] && _services_try_local_pg; then need_pg=""; fi
		if [ -n "$need_redis" ] && _services_try_local_redis; then need_redis=""; fi
	fi

	if [ -n "$need_pg" ] || [ -n "$need_redis" ]; then
		[ -z "$need_pg" ] || _services_find_pg_bin
		[ -z "$need_redis" ] || _services_find_redis
		if { [ -n "$need_pg" ] && [ -z "$_SERVICES_PG_BIN" ]; } || { [ -n "$need_redis" ] && [ -z "$_SERVICES_REDIS_SERVER" ]; }; then
			if _services_may_install; then
				if [ -n "$need_pg" ] && [ -z "$_SERVICES_PG_BIN" ]; then packages="postgresql"; fi
				if [ -n "$need_redis" ] && [ -z "$_SERVICES_REDIS_SERVER" ]; then packages="${packages:+$packages }redis-server"; fi
				# shellcheck disable=SC2086 # one word per package
				_services_apt_install $packages || _services_die "cannot start throwaway servers without $packages"
				# The packages may have started servers of their own.
				if [ -z "$throwaway" ]; then
					if [ -n "$need_pg" ] && _services_try_local_pg; then need_pg=""; fi
					if [ -n "$need_redis" ] && _services_try_local_redis; then need_redis=""; fi
				fi
				[ -z "$need_pg" ] || _services_find_pg_bin
				[ -z "$need_redis" ] || _services_find_redis
			fi
		fi
		if [ -n "$need_pg" ] && [ -z "$_SERVICES_PG_BIN" ]; then
			if [ -n "${JAGANAGARI_PG_BINDIR:-}" ]; then
				missing="initdb, pg_ctl or postgres (not in JAGANAGARI_PG_BINDIR=$JAGANAGARI_PG_BINDIR)"
			else
				missing="initdb (PostgreSQL server: not in /usr/lib/postgresql/*/bin nor on PATH)"
			fi
		fi
		if [ -n "$need_redis" ] && [ -z "$_SERVICES_REDIS_SERVER" ]; then
			missing="${missing:+$missing and }redis-server (not on PATH)"
		fi
		if [ -n "$missing" ]; then
			if [ -n "$need_pg" ] && [ -z "$_SERVICES_PG_BIN" ] && [ -n "$need_redis" ] && [ -z "$_SERVICES_REDIS_SERVER" ]; then
				_services_die "cannot start throwaway servers: missing $missing. Install with: sudo apt-get install postgresql redis-server (Debian/Ubuntu) or brew install postgresql redis (macOS); or set DATABASE_URL and REDIS_URL to running servers"
			elif [ -n "$need_pg" ] && [ -z "$_SERVICES_PG_BIN" ]; then
				_services_die "cannot start a throwaway PostgreSQL: missing $missing. Install with: sudo apt-get install postgresql (Debian/Ubuntu) or brew install postgresql (macOS); or set DATABASE_URL to a running server"
			else
				_services_die "cannot start a throwaway Redis: missing $missing. Install with: sudo apt-get install redis-server (Debian/Ubuntu) or brew install redis (macOS); or set REDIS_URL to a running server"
			fi
		fi

		_services_install_trap
		[ -z "$need_pg" ] || _services_pick_pg_user
		_services_make_dir
		if [ -n "$need_pg" ]; then
			_services_start_pg
			_services_find_psql
			DATABASE_URL=$(_services_create_db "$_SERVICES_PG_PORT") ||
				_services_die "could not create database $_SERVICES_DB_NAME in the throwaway PostgreSQL"
			_services_say "postgres at 127.0.0.1:$_SERVICES_PG_PORT (throwaway in $_SERVICES_DIR): $(_services_mask "$DATABASE_URL")"
		fi
		if [ -n "$need_redis" ]; then
			_services_start_redis
			REDIS_URL=redis://127.0.0.1:$_SERVICES_REDIS_PORT/0
			_services_say "redis at 127.0.0.1:$_SERVICES_REDIS_PORT (throwaway in $_SERVICES_DIR): $REDIS_URL"
		fi
	fi
	export DATABASE_URL REDIS_URL
}
