# Starts the local PostgreSQL, MariaDB, Redis and RabbitMQ when they do not answer.
port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for_port() {
  local name=$1 port=$2 i
  for i in $(seq 1 90); do
    port_open "$port" && return 0
    sleep 1
  done
  echo "$name did not come up on 127.0.0.1:$port" >&2
  return 1
}

start_if_down() {
  local name=$1 port=$2; shift 2
  if port_open "$port"; then return 0; fi
  echo "Starting $name (port $port is closed)"
  "$@" >/dev/null 2>&1 || echo "  the start command of $name failed; waiting anyway" >&2
  wait_for_port "$name" "$port"
}

# A RabbitMQ can hold its port open yet never answer (out of socket handles, stuck recovering
# queues): answer the AMQP protocol header within a few seconds, or count as down.
rabbit_answers() {
  python3 - <<'PY' 2>/dev/null
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", 5672), timeout=5)
    s.sendall(b"AMQP\x00\x00\x09\x01")
    s.settimeout(5)
    sys.exit(0 if s.recv(8) else 1)
except Exception:
    sys.exit(1)
PY
}

restart_rabbit() {
  pkill -9 -f rabbitmqctl 2>/dev/null
  pkill -9 -f "beam.smp.*rabbit" 2>/dev/null
  sleep 2
  rabbitmq-server -detached >/dev/null 2>&1
  local i
  for i in $(seq 1 60); do rabbit_answers && return 0; sleep 2; done
  return 1
}

ensure_rabbit_answers() {
  port_open 5672 || return 0
  rabbit_answers && return 0
  echo "RabbitMQ holds port 5672 but does not answer; restarting it"
  restart_rabbit && return 0
  # This broker serves the tests only: what they left behind may be what keeps it from starting.
  echo "RabbitMQ still does not answer; starting it with empty data (moved aside to /var/lib/rabbitmq/mnesia.stuck)" >&2
  rm -rf /var/lib/rabbitmq/mnesia.stuck
  mv /var/lib/rabbitmq/mnesia /var/lib/rabbitmq/mnesia.stuck 2>/dev/null
  restart_rabbit
}

ensure_local_services() {
  start_if_down PostgreSQL 5432 sh -c 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
  start_if_down MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  start_if_down Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  start_if_down RabbitMQ 5672 rabbitmq-server -detached
  ensure_rabbit_answers
}
