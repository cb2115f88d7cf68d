# Source this file (". scripts/env.sh") to get the project's Node 24 first on PATH in an interactive shell.
_tbs_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
PATH="$(bash "$_tbs_root/scripts/ensure-node.sh"):$_tbs_root/node_modules/.bin:$PATH"
export PATH
unset _tbs_root
