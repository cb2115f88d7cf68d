#!/usr/bin/env bash
# Creates (or updates) the organisation-readable artifact bucket for the hooks in one region.
# Usage: bin/deploy-setup.sh --env dev --account 111122223333 --region ap-southeast-2 --org-id o-abc123defg [--profile mgmt]
set -euo pipefail
cd "$(dirname "$0")/.."

env="" account="" region="" org="" profile_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) env="$2"; shift 2 ;;
    --account) account="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --org-id) org="$2"; shift 2 ;;
    --profile) profile_args=(--profile "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$env" =~ ^(dev|prod)$ ]] || { echo "--env must be dev or prod" >&2; exit 2; }
[[ "$account" =~ ^[0-9]{12}$ ]] || { echo "--account must be the 12-digit id of the account to deploy to" >&2; exit 2; }
[[ -n "$region" ]] || { echo "--region is required" >&2; exit 2; }
[[ "$org" =~ ^o-[a-z0-9]{10,32}$ ]] || { echo "--org-id must look like o-xxxxxxxxxx" >&2; exit 2; }

# Refuse to deploy with credentials for another account than the one named on the command line.
caller="$(aws sts get-caller-identity "${profile_args[@]}" --query Account --output text)"
[[ "$caller" == "$account" ]] || { echo "credentials are for account $caller, not $account" >&2; exit 1; }

aws cloudformation deploy "${profile_args[@]}" --region "$region" \
  --stack-name "tbs-devops-cfnhooks-setup-$env" \
  --template-file deploy-setup/deployment-bucket.yaml \
  --parameter-overrides "Env=$env" "OrganizationId=$org" \
  --no-fail-on-empty-changeset
aws cloudformation describe-stacks "${profile_args[@]}" --region "$region" \
  --stack-name "tbs-devops-cfnhooks-setup-$env" \
  --query "Stacks[0].Outputs[?OutputKey=='ArtifactBucketName'].OutputValue" --output text
