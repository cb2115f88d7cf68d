#!/usr/bin/env bash
# Builds and packages the hooks stack into the region's artifact bucket, then creates or updates the
# service-managed StackSet that deploys it to every account of the given OUs in that region.
# Usage: bin/deploy-stackset.sh --env dev --account 111122223333 --region ap-southeast-2 --ous ou-ab12-cdefgh34,ou-ab12-ijklmn56 \
#          [--profile mgmt] [--call-as SELF|DELEGATED_ADMIN] [--failure-mode FAIL|WARN]
set -euo pipefail
cd "$(dirname "$0")/.."

env="" account="" region="" ous="" call_as="SELF" failure_mode="FAIL" profile_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --env) env="$2"; shift 2 ;;
    --account) account="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --ous) ous="$2"; shift 2 ;;
    --call-as) call_as="$2"; shift 2 ;;
    --failure-mode) failure_mode="$2"; shift 2 ;;
    --profile) profile_args=(--profile "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[[ "$env" =~ ^(dev|prod)$ ]] || { echo "--env must be dev or prod" >&2; exit 2; }
[[ "$account" =~ ^[0-9]{12}$ ]] || { echo "--account must be the 12-digit id of the account to deploy to" >&2; exit 2; }
[[ -n "$region" ]] || { echo "--region is required" >&2; exit 2; }
[[ "$ous" =~ ^(ou-[a-z0-9]+-[a-z0-9]+|r-[a-z0-9]+)(,(ou-[a-z0-9]+-[a-z0-9]+|r-[a-z0-9]+))*$ ]] || {
  echo "--ous must be a comma-separated list of OU ids (ou-...) or the root id (r-...)" >&2
  exit 2
}
[[ "$call_as" =~ ^(SELF|DELEGATED_ADMIN)$ ]] || { echo "--call-as must be SELF or DELEGATED_ADMIN" >&2; exit 2; }
[[ "$failure_mode" =~ ^(FAIL|WARN)$ ]] || { echo "--failure-mode must be FAIL or WARN" >&2; exit 2; }

# Refuse to deploy with credentials for another account than the one named on the command line.
caller="$(aws sts get-caller-identity "${profile_args[@]}" --query Account --output text)"
[[ "$caller" == "$account" ]] || { echo "credentials are for account $caller, not $account" >&2; exit 1; }
bucket="tbs-cfnhooks-artifacts-$env-$account-$region"
version="$(git rev-parse --short HEAD 2>/dev/null || date -u +%Y%m%d%H%M%S)"

sam build --build-in-source
sam package "${profile_args[@]}" --region "$region" --s3-bucket "$bucket" --s3-prefix "$version" \
  --output-template-file .aws-sam/packaged-stackset.yaml
aws s3 cp "${profile_args[@]}" --region "$region" .aws-sam/packaged-stackset.yaml "s3://$bucket/$version/packaged.yaml"

# Service-managed StackSets do not run transforms, so the StackSet gets the template as CloudFormation
# expands it: create a change set on a throwaway stack, read its processed template, delete the stack.
expand_stack="tbs-cfnhooks-expand-$env-$(date -u +%Y%m%d%H%M%S)"
trap 'aws cloudformation delete-stack "${profile_args[@]}" --region "$region" --stack-name "$expand_stack" >/dev/null 2>&1 || true' EXIT
aws cloudformation create-change-set "${profile_args[@]}" --region "$region" \
  --stack-name "$expand_stack" --change-set-name expand --change-set-type CREATE \
  --template-url "https://$bucket.s3.$region.amazonaws.com/$version/packaged.yaml" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
  --parameters "ParameterKey=Env,ParameterValue=$env" >/dev/null
aws cloudformation wait change-set-create-complete "${profile_args[@]}" --region "$region" \
  --stack-name "$expand_stack" --change-set-name expand
aws cloudformation get-template "${profile_args[@]}" --region "$region" \
  --stack-name "$expand_stack" --change-set-name expand --template-stage Processed \
  --query TemplateBody --output json > .aws-sam/expanded-stackset.json
aws s3 cp "${profile_args[@]}" --region "$region" .aws-sam/expanded-stackset.json "s3://$bucket/$version/template.json"

aws cloudformation deploy "${profile_args[@]}" --region "$region" \
  --stack-name "tbs-devops-cfnhooks-stackset-$env-$region" \
  --template-file deploy-setup/stackset.yaml \
  --parameter-overrides "Env=$env" "TargetRegion=$region" "TargetOuIds=$ous" "CallAs=$call_as" "HookFailureMode=$failure_mode" \
    "TemplateUrl=https://$bucket.s3.$region.amazonaws.com/$version/template.json" \
  --no-fail-on-empty-changeset
echo "StackSet tbs-devops-cfnhooks-$env-$region deployed to $ous in $region (template version $version)"
