# Private instances of PostgreSQL, MariaDB, Redis and RabbitMQ, started from the installed binaries for
# a test or fault-injection run: each in a directory of its own (data, log, ports), on free ports of
# 127.0.0.1, under a node name of its own, and stopped or killed by the pids it recorded. Nothing here
# touches a server this machine runs for itself.
#
#   instance_start KIND DIR   KIND: postgres, mariadb, redis or rabbit; starts it (again, on the same
#                             ports and data, if DIR holds a stopped one) and waits until it answers
#   instance_stop DIR         graceful stop, kill -9 after 30 s; the data stays
#   instance_kill DIR         kill -9 of the server (RabbitMQ's epmd stays, for the restart)
#   instance_port DIR         the port clients connect to
#   instance_running DIR      whether its server runs
#   instance_answers KIND PORT whether a server of that kind answers on 127.0.0.1:PORT
#   instance_rabbitmqctl DIR ARGS...   rabbitmqctl against a private RabbitMQ node
#   instance_join DIR FIRST   starts a RabbitMQ node in DIR as a member of the cluster of the running node
#                             in FIRST (its epmd and Erlang cookie, join_cluster on the first start; started
#                             again with instance_start, it rejoins by itself)
#   instance_pause DIR        SIGSTOP of a RabbitMQ node's Erlang VM (it holds its sockets and answers nothing)
#   instance_resume DIR       SIGCONT of a paused RabbitMQ node's Erlang VM
#
# DIR holds: kind, port (and RabbitMQ's dist-port, epmd-port, node), <name>.pid with <name>.started
# (the process's start time, so that a reused pid is never signalled), server.log and data/.

_instance_die() {
  echo "$*" >&2
  return 1
}

_instance_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nothing listens on, from the range the kernel does not hand out to outgoing connections.
_instance_free_port() {
  local port i
  for i in $(seq 1 50); do
    port=$((20000 + RANDOM % 12000))
    _instance_port_open "$port" || { echo "$port"; return 0; }
  done
  _instance_die "no free port found between 20000 and 32000"
}

_instance_started_at() {
  awk '{print $22}' "/proc/$1/stat" 2>/dev/null
}

# Records a process this harness started: its pid and its start time.
_instance_record() {
  local dir=$1 name=$2 pid=$3
  echo "$pid" >"$dir/$name.pid"
  _instance_started_at "$pid" >"$dir/$name.started"
}

# The pid recorded as NAME if that very process still runs (same start time), else nothing.
_instance_pid() {
  local dir=$1 name=$2 pid
  pid=$(cat "$dir/$name.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(_instance_started_at "$pid")" = "$(cat "$dir/$name.started" 2>/dev/null)" ] || return 1
  echo "$pid"
}

_instance_signal() {
  local dir=$1 name=$2 signal=$3 pid
  pid=$(_instance_pid "$dir" "$name") && kill "-$signal" "$pid" 2>/dev/null
  return 0
}

_instance_wait_gone() {
  local dir=$1 name=$2 seconds=$3 i
  for i in $(seq 1 $((seconds * 4))); do
    _instance_pid "$dir" "$name" >/dev/null || return 0
    sleep 0.25
  done
  return 1
}

# The binaries each kind needs, and the Debian package that has them.
_instance_require() {
  local kind=$1
  case "$kind" in
    postgres)
      _instance_postgres_bin initdb >/dev/null \
        || _instance_die "PostgreSQL's initdb and postgres are missing: install the Debian package postgresql" ;;
    mariadb)
      command -v mariadb-install-db >/dev/null && { command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ]; } \
        || _instance_die "mariadb-install-db and mariadbd are missing: install the Debian package mariadb-server" ;;
    redis)
      command -v redis-server >/dev/null \
        || _instance_die "redis-server is missing: install the Debian package redis-server" ;;
    rabbit)
      [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && command -v epmd >/dev/null \
        || _instance_die "RabbitMQ's server scripts or epmd are missing: install the Debian package rabbitmq-server" ;;
    *) _instance_die "unknown kind of instance '$kind': postgres, mariadb, redis or rabbit" ;;
  esac
}

_instance_postgres_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1)
  [ -n "$found" ] || found=$(command -v "$1") || return 1
  echo "$found"
}

# The command prefix that runs PostgreSQL's programs: PostgreSQL refuses to run as root, so as root
# they run as the postgres user (setpriv replaces itself with the program, so a pid recorded is the
# server's own).
_instance_postgres_user() {
  if [ "$(id -u)" = 0 ]; then
    postgres_user=(setpriv --reuid=postgres --regid=postgres --init-groups)
  else
    postgres_user=()
  fi
}

instance_port() { cat "$1/port"; }

instance_running() { _instance_pid "$1" server >/dev/null; }

instance_answers() { "_instance_answers_$1" "$2"; }

instance_start() {
  local kind=$1 dir=$2
  _instance_require "$kind" || return 1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -f "$dir/kind" ] && [ "$(cat "$dir/kind")" != "$kind" ]; then
    _instance_die "$dir holds a $(cat "$dir/kind") instance, not $kind"
    return 1
  fi
  echo "$kind" >"$dir/kind"
  instance_running "$dir" && return 0
  [ -f "$dir/port" ] || _instance_free_port >"$dir/port" || return 1
  "_instance_start_$kind" "$dir" || return 1
  _instance_await "$kind" "$dir"
}

_instance_await() {
  local kind=$1 dir=$2 i
  for i in $(seq 1 240); do
    if ! instance_running "$dir"; then
      tail -n 20 "$dir/server.log" >&2
      _instance_die "the private $kind in $dir stopped at start-up; its log: $dir/server.log"
      return 1
    fi
    if "_instance_answers_$kind" "$(instance_port "$dir")"; then
      # RabbitMQ's Erlang VM, for kill -9: its pid is known once the node runs.
      if [ "$kind" = rabbit ] && [ -s "$dir/beam.pid.rabbit" ] && ! _instance_pid "$dir" beam >/dev/null; then
        _instance_record "$dir" beam "$(cat "$dir/beam.pid.rabbit")"
      fi
      return 0
    fi
    sleep 0.5
  done
  _instance_die "the private $kind in $dir did not answer within 2 minutes; its log: $dir/server.log"
}

_instance_start_postgres() {
  local dir=$1 port postgres_user
  port=$(instance_port "$dir")
  _instance_postgres_user
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    "${postgres_user[@]}" "$(_instance_postgres_bin initdb)" -D "$dir/data" -U postgres --auth=trust -E UTF8 \
      --no-sync >"$dir/initdb.log" 2>&1 || { tail -n 20 "$dir/initdb.log" >&2; return 1; }
  fi
  "${postgres_user[@]}" "$(_instance_postgres_bin postgres)" -D "$dir/data" -p "$port" -k "$dir" \
    -c listen_addresses=127.0.0.1 >>"$dir/server.log" 2>&1 </dev/null &
  _instance_record "$dir" server $!
}

# _instance_answers_KIND PORT: whether a server of that kind answers on 127.0.0.1:PORT.
_instance_answers_postgres() {
  "$(_instance_postgres_bin pg_isready)" -q -U postgres -h 127.0.0.1 -p "$1" 2>/dev/null
}

_instance_start_mariadb() {
  local dir=$1 user
  user=$(id -un)
  if [ ! -d "$dir/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" --auth-root-authentication-method=normal \
      --skip-test-db >"$dir/install.log" 2>&1 || { tail -n 20 "$dir/install.log" >&2; return 1; }
  fi
  "$(command -v mariadbd || echo /usr/sbin/mariadbd)" --no-defaults --datadir="$dir/data" --port="$(instance_port "$dir")" \
    --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" --user="$user" \
    --skip-log-bin --innodb-buffer-pool-size=64M >>"$dir/server.log" 2>&1 </dev/null &
  _instance_record "$dir" server $!
}

_instance_answers_mariadb() {
  _instance_port_open "$1"
}

_instance_start_redis() {
  local dir=$1
  mkdir -p "$dir/data"
  redis-server --port "$(instance_port "$dir")" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir/data" \
    --daemonize no >>"$dir/server.log" 2>&1 </dev/null &
  _instance_record "$dir" server $!
}

_instance_answers_redis() {
  local reply
  reply=$({ exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 \
    && timeout 2 head -c 5 <&3; } 2>/dev/null)
  [ "${reply%$'\r'}" = "+PONG" ]
}

# RabbitMQ's environment for DIR's node: its own node name, ports, data, configuration, epmd and home
# (the Erlang cookie), so that neither the server nor rabbitmqctl meets the machine's own node.
_instance_rabbit_env() {
  local dir=$1
  export HOME="$dir" RABBITMQ_NODENAME="$(cat "$dir/node")" RABBITMQ_NODE_PORT="$(instance_port "$dir")" \
    RABBITMQ_DIST_PORT="$(cat "$dir/dist-port")" ERL_EPMD_PORT="$(cat "$dir/epmd-port")" \
    RABBITMQ_MNESIA_BASE="$dir/data" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/beam.pid.rabbit" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" RABBITMQ_CONF_ENV_FILE=/dev/null
}

_instance_start_rabbit() {
  local dir=$1
  if [ ! -f "$dir/node" ]; then
    echo "rm-$(basename "$dir")-$$-$RANDOM@localhost" | tr -c 'A-Za-z0-9@\n-' '-' >"$dir/node"
    _instance_free_port >"$dir/dist-port" || return 1
    [ -f "$dir/epmd-port" ] || _instance_free_port >"$dir/epmd-port" || return 1
    printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users = none\n' "$(instance_port "$dir")" >"$dir/rabbitmq.conf"
    echo '[].' >"$dir/enabled_plugins"
  fi
  (
    _instance_rabbit_env "$dir"
    # A cluster's nodes share one epmd: the one of the node that started it first.
    if ! _instance_pid "$dir" epmd >/dev/null && ! _instance_port_open "$ERL_EPMD_PORT"; then
      epmd -port "$ERL_EPMD_PORT" >>"$dir/epmd.log" 2>&1 </dev/null &
      _instance_record "$dir" epmd $!
    fi
    # In the foreground with a shell that stops the node on SIGTERM; the Erlang VM's own pid is in
    # beam.pid.rabbit once it runs, for kill -9.
    /usr/lib/rabbitmq/bin/rabbitmq-server >>"$dir/server.log" 2>&1 </dev/null &
    _instance_record "$dir" server $!
  )
}

# A RabbitMQ can hold its port open yet never answer (out of socket handles, stuck recovering queues):
# it answers when it replies to the AMQP protocol header.
_instance_answers_rabbit() {
  local header
  header=$({ exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'AMQP\x00\x00\x09\x01' >&3 \
    && timeout 5 head -c 1 <&3 | od -An -tx1; } 2>/dev/null)
  [ "${header// /}" = 01 ]
}

instance_rabbitmqctl() {
  local dir=$1; shift
  (
    _instance_rabbit_env "$dir"
    /usr/lib/rabbitmq/bin/rabbitmqctl -n "$RABBITMQ_NODENAME" "$@"
  )
}

instance_join() {
  local dir=$1 first=$2
  [ "$(cat "$first/kind" 2>/dev/null)" = rabbit ] && instance_running "$first" \
    || { _instance_die "$first holds no running RabbitMQ node for $dir to join"; return 1; }
  mkdir -p "$dir"
  if [ ! -f "$dir/node" ]; then
    # Before the node's first start: the first node's epmd and cookie (Erlang reads it from HOME, the node's dir).
    cp "$first/epmd-port" "$dir/epmd-port"
    install -m 400 "$first/.erlang.cookie" "$dir/.erlang.cookie"
  fi
  instance_start rabbit "$dir" || return 1
  [ -f "$dir/joined" ] && return 0
  instance_rabbitmqctl "$dir" -q stop_app >>"$dir/join.log" 2>&1 \
    && instance_rabbitmqctl "$dir" -q join_cluster "$(cat "$first/node")" >>"$dir/join.log" 2>&1 \
    && instance_rabbitmqctl "$dir" -q start_app >>"$dir/join.log" 2>&1 \
    || { tail -n 20 "$dir/join.log" >&2; _instance_die "the RabbitMQ node in $dir could not join $(cat "$first/node")"; return 1; }
  touch "$dir/joined"
}

instance_pause() { _instance_beam_signal "$1" STOP; }

instance_resume() { _instance_beam_signal "$1" CONT; }

_instance_beam_signal() {
  local pid
  pid=$(_instance_pid "$1" beam) || { _instance_die "no running RabbitMQ node in $1 to send SIG$2"; return 1; }
  kill "-$2" "$pid"
}

instance_kill() {
  local dir=$1
  _instance_signal "$dir" server KILL
  _instance_signal "$dir" beam KILL
  _instance_wait_gone "$dir" server 10
  _instance_wait_gone "$dir" beam 10
}

instance_stop() {
  local dir=$1 kind
  kind=$(cat "$dir/kind" 2>/dev/null) || return 0
  # PostgreSQL: SIGINT is the fast shutdown (SIGTERM would wait for every client to leave).
  if [ "$kind" = postgres ]; then _instance_signal "$dir" server INT; else _instance_signal "$dir" server TERM; fi
  if ! _instance_wait_gone "$dir" server 30; then
    echo "the private $kind in $dir did not stop within 30 s; killing it" >&2
    instance_kill "$dir"
  fi
  _instance_signal "$dir" beam KILL
  _instance_signal "$dir" epmd TERM
  _instance_wait_gone "$dir" epmd 5 || _instance_signal "$dir" epmd KILL
  return 0
}
