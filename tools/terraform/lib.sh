# Shared by plan.sh, deploy.sh and destroy.sh (sourced, not executed). Expects $root, the repo root.
# shellcheck shell=bash
# phi_workdir <command> <stackDir>: sets stack_dir, stack, mode, work; exits 2 on bad input.
phi_workdir() {
  local command="$1"
  stack_dir="${2:-}"
  if [ -z "$stack_dir" ]; then
    echo "$command: usage: tools/terraform/$command.sh apps/<region>/cdktf.out/stacks/<stack>" >&2
    exit 2
  fi
  stack_dir="${stack_dir%/}"
  if [ ! -f "$stack_dir/cdk.tf.json" ]; then
    echo "$command: $stack_dir/cdk.tf.json does not exist: run the synth target first (npx nx run-many -t synth)" >&2
    exit 2
  fi
  # Absolute from here on: the scripts cd into the working directory, and Nx passes a relative path
  # (a relative one made plan.sh record an empty checksum, so deploy refused every plan as stale).
  stack_dir="$(cd "$stack_dir" && pwd)"
  mode="${PHI_STACK_TARGET:-local}"
  case "$mode" in
    local | aws) ;;
    *) echo "$command: PHI_STACK_TARGET must be local or aws (got '$mode')" >&2; exit 2 ;;
  esac
  # The synth must match the mode, or a plan made for the emulator could be applied to an account
  # (or the other way round). Local stacks, and only they, have the emulator_endpoint variable.
  local synthesized
  synthesized="$(node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); process.stdout.write(j.variable && j.variable.emulator_endpoint ? "local" : "aws")' "$stack_dir/cdk.tf.json")"
  if [ "$synthesized" != "$mode" ]; then
    echo "$command: $stack_dir/cdk.tf.json was synthesized for $synthesized but PHI_STACK_TARGET=$mode: synthesize with PHI_STACK_TARGET=$mode first" >&2
    exit 2
  fi
  stack="$(basename "$stack_dir")"
  # PHI_STACK_WORK_ROOT moves the working directories (an integration suite that runs these targets
  # beside `npm stop` of the main job, which owns .terraform-work/local, uses its own).
  work="${PHI_STACK_WORK_ROOT:-$root/.terraform-work}/$mode/$stack"
  mkdir -p "$work"
  TF_CLI_CONFIG_FILE="$(bash "$root/tools/terraform/cli-config.sh")"
  export TF_CLI_CONFIG_FILE TF_IN_AUTOMATION=1
  # The emulator harness exports EMULATOR_ENDPOINT; the stack reads it as var.emulator_endpoint.
  if [ "$mode" = local ] && [ -n "${EMULATOR_ENDPOINT:-}" ] && [ -z "${TF_VAR_emulator_endpoint:-}" ]; then
    export TF_VAR_emulator_endpoint="$EMULATOR_ENDPOINT"
  fi
}

# phi_init <command>: terraform init in $work (-reconfigure: the backend is whatever was synthesized).
phi_init() {
  (cd "$work" && bash "$root/tools/terraform/init.sh" -input=false -no-color -reconfigure >init.log 2>&1) || {
    cat "$work/init.log" >&2
    echo "$1: terraform init failed for $stack ($mode); log: $work/init.log" >&2
    exit 1
  }
}

# phi_confirm_arg <command> [arg...]: sets confirmed from --confirm=<stack>; exits 2 on any other argument.
phi_confirm_arg() {
  local command="$1" arg
  shift
  confirmed=""
  for arg in "$@"; do
    case "$arg" in
      --confirm=*) confirmed="${arg#--confirm=}" ;;
      *) echo "$command: unknown argument '$arg'" >&2; exit 2 ;;
    esac
  done
}

# phi_sha256 <file>: the file's sha256, hex only.
phi_sha256() {
  sha256sum "$1" | cut -d' ' -f1
}

# phi_copy_stack <stackDir> <work>: the synthesized configuration and the files it names (cdktf
# assets, e.g. a Lambda deployment package referenced by a relative `filename`) into the working
# directory. The assets are replaced, never merged: a stale package must not linger.
phi_copy_stack() {
  cp "$1/cdk.tf.json" "$2/cdk.tf.json"
  rm -rf "$2/assets"
  if [ -d "$1/assets" ]; then cp -R "$1/assets" "$2/assets"; fi
}
