# Sourced by start-api.sh and invoke.sh (from the repository root): builds the runner and every function
# jar the template names when one is missing. Needs only a JDK (the Maven wrapper fetches Maven).
ensure_built() {
  local template="${1:-infra/template.yaml}" missing=0 uri
  [ -f infra/local/target/local-runner.jar ] || missing=1
  while read -r uri; do
    uri="${uri%\"}"; uri="${uri#\"}"; uri="${uri%\'}"; uri="${uri#\'}"
    [ -e "$(dirname "$template")/$uri" ] || missing=1
  done < <(sed -n 's/^[[:space:]]*CodeUri:[[:space:]]*//p' "$template")
  if [ "$missing" = 1 ]; then
    echo "building the functions and the local runner (./mvnw -B -ntp -DskipTests package)..." >&2
    ./mvnw -B -ntp -q -DskipTests package >&2
  fi
}
