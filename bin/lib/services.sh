# The servers of the integration tests in local mode (RM_TEST_SERVICES=local). Each of PostgreSQL,
# MariaDB, Redis and RabbitMQ is this machine's own when it answers on its usual port; the tests then
# touch only the schemas, databases, queues, exchanges and keys they create themselves. One that does
# not answer is replaced by a private instance (bin/lib/instances.sh) under data/test-services/, on a
# free port the tests read from RM_TEST_<SERVER>_PORT, stopped when the run ends, also on Ctrl-C or
# failure. A server of the machine is never started, stopped or restarted here.
source "$(dirname "${BASH_SOURCE[0]}")/instances.sh"

private_services_dir=

# use_local_services [KIND...]: sets up the servers as above (postgres, mariadb, redis, rabbit; all four
# by default); call stop_private_services when done.
use_local_services() {
  local kind kinds=("$@")
  [ $# -gt 0 ] || kinds=(postgres mariadb redis rabbit)
  for kind in "${kinds[@]}"; do
    case "$kind" in
      postgres) _use_server PostgreSQL postgres 5432 RM_TEST_POSTGRESQL_PORT ;;
      mariadb) _use_server MariaDB mariadb 3306 RM_TEST_MARIADB_PORT ;;
      redis) _use_server Redis redis 6379 RM_TEST_REDIS_PORT ;;
      rabbit) _use_server RabbitMQ rabbit 5672 RM_TEST_RABBITMQ_PORT ;;
    esac || return 1
  done
}

_use_server() {
  local name=$1 kind=$2 port=$3 variable=$4 dir
  if [ -n "${!variable:-}" ]; then
    echo "$name: 127.0.0.1:${!variable} ($variable)"
    return 0
  fi
  if instance_answers "$kind" "$port"; then
    return 0
  fi
  if _instance_port_open "$port"; then
    echo "$name holds 127.0.0.1:$port but does not answer; the tests use a private $name instead"
  fi
  [ -n "$private_services_dir" ] || private_services_dir="$PWD/data/test-services/run-$(date +%Y%m%d-%H%M%S)-$$"
  dir="$private_services_dir/$kind"
  echo "Starting a private $name for the tests in $dir (this machine's does not answer on $port)"
  instance_start "$kind" "$dir" || return 1
  if [ "$kind" = postgres ]; then
    # The database the tests' schemas live in, as on the machine's server.
    "$(_instance_postgres_bin psql)" -q -h 127.0.0.1 -p "$(instance_port "$dir")" -U postgres -c 'CREATE DATABASE test' \
      >/dev/null || return 1
  fi
  export "$variable=$(instance_port "$dir")"
  echo "$name: private, 127.0.0.1:${!variable}"
}

# stop_private_services: stops what use_local_services started and removes its data.
stop_private_services() {
  [ -n "$private_services_dir" ] && [ -d "$private_services_dir" ] || return 0
  local dir
  for dir in "$private_services_dir"/*/; do
    instance_stop "${dir%/}"
  done
  rm -rf "$private_services_dir"
  private_services_dir=
}
