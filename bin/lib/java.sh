# Picks a JDK 21 or newer: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

use_java_21_or_newer() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    return
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -x "$dir/bin/javac" ] || continue
    major=$(java_major "$dir") || continue
    if [ "${major:-0}" -gt "$best_major" ] 2>/dev/null; then best=$dir; best_major=$major; fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "No JDK 21 or newer found (JAVA_HOME or /usr/lib/jvm). Install one, e.g. Temurin 21+, and set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME=$best
  echo "Using JDK $best_major at $JAVA_HOME"
}
