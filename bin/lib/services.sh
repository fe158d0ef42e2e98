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

ensure_local_services() {
  start_if_down PostgreSQL 5432 sh -c 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'
  start_if_down MariaDB 3306 start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  start_if_down Redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  start_if_down RabbitMQ 5672 rabbitmq-server -detached
}
