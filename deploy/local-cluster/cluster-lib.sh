# shellcheck shell=bash
# Shared by start-cluster, add-taskmanager and stop-cluster (sourced, not run).
# A Flink 2.3 standalone session cluster as separate JVMs on this machine, from Flink's own jars
# resolved by Maven (deploy/local-cluster/pom.xml); configured by deploy/conf/config.yaml, with
# this machine's ports and folders given to each process as dynamic properties (-D key=value).

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FLINK_HOME_LOCAL="$REPO/deploy/local-cluster/target/flink"
LIB="$FLINK_HOME_LOCAL/lib"

die() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

# Under set -e a failing command ends the script; say which one instead of exiting without a word.
set -E
failed() { # $1: the failing command's status, $2: its line, $3: the command
  echo "$(basename "$0"): failed (exit $1) at line $2: $3" >&2
}
trap 'failed "$?" "$LINENO" "$BASH_COMMAND"' ERR

# Lays out lib/ and plugins/ on first use (Maven resolves Flink's jars: minutes the first time).
ensure_lib() {
  if [ -d "$LIB" ] && [ -n "$(ls "$LIB"/flink-runtime-*.jar 2>/dev/null)" ]; then
    return
  fi
  echo "resolving Flink's jars into $FLINK_HOME_LOCAL (first use) ..." >&2
  mkdir -p "$DIR"
  if ! (cd "$REPO" && ./mvnw -B -q -f deploy/local-cluster/pom.xml package >"$DIR/resolve.log" 2>&1); then
    die "could not resolve Flink's jars, see $DIR/resolve.log"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port nobody listens on, from a random start in 20000-59999.
free_port() {
  local p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
  local tries=0
  while port_in_use "$p" || grep -qx "$p" "$DIR/ports" 2>/dev/null; do
    p=$(( p + 1 )); tries=$(( tries + 1 ))
    [ "$tries" -lt 1000 ] || die "no free port found"
  done
  echo "$p" >>"$DIR/ports"
  echo "$p"
}

# GET a REST path of the cluster; prints the body.
rest_get() {
  curl -fsS --max-time 5 "http://localhost:$REST_PORT$1"
}

# Whether the REST API lists the TaskManager with this resource id (start_taskmanager names them).
taskmanager_registered() {
  rest_get /taskmanagers 2>/dev/null | grep -qF "\"id\":\"$1\""
}

# The JVM options BashJavaUtils derives from the memory configuration, as Flink's own scripts do:
# two lines, the JVM options and the dynamic properties. A failure is said, not a silent exit
# (set -e would end the caller at the command substitution without a word).
resource_params() { # $1: GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS, then -D options
  local cmd=$1 out; shift
  if ! out=$(java -cp "$LIB/*" org.apache.flink.runtime.util.bash.BashJavaUtils "$cmd" --configDir "$DIR/conf" "$@" \
      2>"$DIR/bash-java-utils.log"); then
    tail -n 20 "$DIR/bash-java-utils.log" >&2 2>/dev/null
    die "cannot derive the memory settings ($cmd), see $DIR/bash-java-utils.log"
  fi
  sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out"
}

# Starts one process in its own session (it outlives the calling script), records its pid.
# $1: name (jobmanager, taskmanager-<i>), $2: main class, then JVM options, "--", program arguments.
start_process() {
  local name=$1 main=$2; shift 2
  local jvm=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do jvm+=("$1"); shift; done
  shift
  FLINK_PLUGINS_DIR="$FLINK_HOME_LOCAL/plugins" FLINK_CONF_DIR="$DIR/conf" \
    setsid java "${jvm[@]}" \
      -Dlog.file="$DIR/$name.log" -Dlog4j.configurationFile="file:$DIR/conf/log4j.properties" \
      -Dcloudexfil.cluster.dir="$DIR" \
      -cp "$LIB/*" "$main" "$@" >"$DIR/$name.out" 2>&1 </dev/null &
  echo $! >"$DIR/$name.pid"
}

process_alive() { # $1: pid file; true only for a live process started for this DIR
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "-Dcloudexfil.cluster.dir=$DIR"
}

# Starts TaskManager number $1 with its own metrics port.
start_taskmanager() {
  local i=$1 mport jvm dyn
  mport=$(free_port)
  local opts=(-D "metrics.reporter.prom.port=$mport" -D "taskmanager.resource-id=taskmanager-$i" "${CLUSTER_OPTS[@]}")
  local params
  params=$(resource_params GET_TM_RESOURCE_PARAMS "${opts[@]}")
  jvm=$(sed -n 1p <<<"$params")
  dyn=$(sed -n 2p <<<"$params")
  [ -n "$jvm" ] || die "cannot derive the TaskManager's memory settings, see $DIR/bash-java-utils.log"
  # shellcheck disable=SC2086 # the derived options are words
  start_process "taskmanager-$i" org.apache.flink.runtime.taskexecutor.TaskManagerRunner $jvm -- \
    --configDir "$DIR/conf" "${opts[@]}" $dyn
  echo "$mport" >"$DIR/taskmanager-$i.metrics-port"
}

# Waits until the REST API lists the TaskManagers numbered $@; fails early when one of them or the
# JobManager died.
wait_for_taskmanagers() {
  local deadline=$(( SECONDS + ${CLUSTER_START_TIMEOUT:-180} )) i name
  for i in "$@"; do
    while ! taskmanager_registered "taskmanager-$i"; do
      for name in jobmanager "taskmanager-$i"; do
        if ! process_alive "$DIR/$name.pid"; then
          tail -n 20 "$DIR/$name.out" "$DIR/$name.log" >&2 2>/dev/null
          die "$name stopped while starting, see $DIR/$name.log"
        fi
      done
      [ "$SECONDS" -lt "$deadline" ] || die "taskmanager-$i did not register with the JobManager on localhost:$REST_PORT in time"
      sleep 0.5
    done
  done
}

load_cluster() {
  [ -f "$DIR/cluster.env" ] || die "no cluster in $DIR (start it with start-cluster --dir $DIR)"
  # shellcheck disable=SC1091
  . "$DIR/cluster.env"
}
