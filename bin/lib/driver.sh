# The Java driver of bin/demo and bin/chaos (the demo-driver module), shared: the processes it
# starts are stopped whatever happens to it, and the jars and the driver are built first by the reactor.
# Needs: run_dir set, use_java_21_or_newer called (bin/lib/java.sh).
source "$(dirname "${BASH_SOURCE[0]}")/instances.sh"

# The processes' pids are in <process>.pid (under run_dir, any depth) while they run; the private
# servers of bin/chaos (bin/lib/instances.sh) are in directories of their own under services/.
stop_processes() {
  local pid_file pid kind_file
  # In reverse name order: a RabbitMQ cluster's first node, whose epmd the other nodes use, stops last.
  while IFS= read -r kind_file; do
    instance_stop "$(dirname "$kind_file")"
  done < <(find "$run_dir" -path '*/services/*' -name kind 2>/dev/null | sort -r)
  local pids=()
  while IFS= read -r pid_file; do
    pid=$(cat "$pid_file" 2>/dev/null) || continue
    if grep -qsE "sample-.*-service|file-broker|outbox-relay|kafka\.Kafka" "/proc/$pid/cmdline"; then
      kill "$pid" 2>/dev/null && pids+=("$pid")
    fi
    rm -f "$pid_file"
  done < <(find "$run_dir" -name '*.pid' -not -path '*/services/*' 2>/dev/null)
  # A JVM stuck in its start-up can ignore SIGTERM for long: kill -9 whatever is left after 20 s.
  local i
  for i in $(seq 1 40); do
    [ ${#pids[@]} -gt 0 ] && kill -0 "${pids[@]}" 2>/dev/null || return 0
    sleep 0.5
  done
  kill -9 "${pids[@]}" 2>/dev/null || true
}

# build_modules MODULE,MODULE [MAVEN ARG...]: packages them and the driver (tests skipped), or shows the log's
# end and exits 2.
build_modules() {
  local modules=$1
  shift
  echo "Building $modules (log: $run_dir/logs/build.log)"
  if ! ./mvnw -B -q -ntp -pl "$modules,demo-driver" -am package -DskipTests "$@" >"$run_dir/logs/build.log" 2>&1; then
    tail -n 40 "$run_dir/logs/build.log"
    echo "The build failed; see $run_dir/logs/build.log" >&2
    exit 2
  fi
}

# build_kafka_classpath: resolves the class path of Apache Kafka's broker (bin/lib/kafka/pom.xml: the
# version Spring Boot's BOM manages) into bin/lib/kafka/target/kafka.classpath, or shows the log's end and exits 2.
build_kafka_classpath() {
  echo "Resolving Apache Kafka's broker (log: $run_dir/logs/build-kafka.log)"
  if ! ./mvnw -B -q -ntp -f bin/lib/kafka/pom.xml package >"$run_dir/logs/build-kafka.log" 2>&1; then
    tail -n 40 "$run_dir/logs/build-kafka.log"
    echo "Resolving Kafka's broker failed; see $run_dir/logs/build-kafka.log" >&2
    exit 2
  fi
}

# module_jar MODULE SUFFIX: the module's newest built jar ending in SUFFIX (-exec.jar, .jar); newest, as jars of an
# earlier version may still lie in target/.
module_jar() { ls -t "$1"/target/"$1"-*"$2" | grep -v -e '-tests.jar' -e '-sources.jar' -e '-javadoc.jar' | head -n 1; }

# run_driver ARGS...: runs the driver that build_modules built, on the class path its build wrote (Jackson and
# the test support's PrivateInstance, which runs bin/lib/instance); returns its status.
run_driver() {
  "$JAVA_HOME/bin/java" -cp "demo-driver/target/classes:$(cat demo-driver/target/driver.classpath)" \
    org.reliablemessaging.demo.Driver "$@"
}
