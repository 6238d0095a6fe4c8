#!/usr/bin/env bash
# Deploys Tributary to Azure: infrastructure (Bicep), then the Functions app, then the Event Grid subscriptions of
# the blob triggers (they need the published host's blobs_extension key, so they come last).
#
# Steps (each is printed as it runs):
#   1. Checks the tools (az, func, dotnet) and that `az login` has an account; selects --subscription if given.
#   2. Registers the resource providers the template uses (no-op when already registered).
#   3. Creates the resource group if it does not exist (needs --location then), and the Entra ID app registration of
#      the API (tributary-api-<env>) with the app roles of infra/app-roles.json, or updates its roles; --entra-client-id
#      uses an existing registration instead (then its roles must be those of app-roles.json).
#   4. Pass 1: az deployment group create with infra/main.<env>.bicepparam. Creates everything except the
#      Event Grid subscriptions (the webhook key does not exist yet).
#   5. Publishes functions/Tributary.Functions with `func azure functionapp publish` (builds with nuget.org).
#   6. Waits until the host reports its blobs_extension system key (it appears once the blob triggers are indexed).
#   7. Pass 2: the same deployment with TRIBUTARY_BLOBS_EXTENSION_KEY set, which adds one Event Grid subscription per
#      blob trigger. Event Grid validates each webhook on creation, so the app must be running (step 5).
#
# The caller needs Contributor and User Access Administrator (or Owner) on the resource group: the template creates
# role assignments for the app's managed identity. No key or connection string is read or printed, except the
# webhook key, which goes from `az` to the deployment through an environment variable only.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: infra/deploy.sh --resource-group NAME --environment dev|prod [options]

Deploys the Bicep in infra/ and publishes the Functions app in functions/Tributary.Functions.

Required:
  -g, --resource-group NAME   Target resource group (created when missing; then --location is required).
  -e, --environment ENV       dev or prod; selects infra/main.ENV.bicepparam.

Options:
  -l, --location REGION       Region for a new resource group (e.g. westeurope). Resources use the group's region.
  -s, --subscription ID       Subscription to deploy to (default: the current az account).
      --entra-client-id ID    Use this Entra ID app registration for the API instead of creating tributary-api-ENV.
      --infra-only            Run pass 1 only (no publish, no Event Grid subscriptions).
      --skip-publish          Reuse the code already published; still (re)creates the Event Grid subscriptions.
      --what-if               Show what pass 1 would change and stop (az deployment group what-if).
  -h, --help                  Show this help.

Example:
  infra/deploy.sh -g rg-tributary-dev -e dev -l westeurope
USAGE
}

die() { echo "deploy.sh: $*" >&2; exit 2; }
step() { echo; echo "==> $*"; }

resource_group=""
environment=""
location=""
subscription=""
entra_client_id=""
infra_only=false
skip_publish=false
what_if=false

while [ $# -gt 0 ]; do
  case "$1" in
    -g|--resource-group) [ $# -ge 2 ] || die "$1 needs a value"; resource_group="$2"; shift 2 ;;
    -e|--environment)    [ $# -ge 2 ] || die "$1 needs a value"; environment="$2"; shift 2 ;;
    -l|--location)       [ $# -ge 2 ] || die "$1 needs a value"; location="$2"; shift 2 ;;
    -s|--subscription)   [ $# -ge 2 ] || die "$1 needs a value"; subscription="$2"; shift 2 ;;
    --entra-client-id)   [ $# -ge 2 ] || die "$1 needs a value"; entra_client_id="$2"; shift 2 ;;
    --infra-only)        infra_only=true; shift ;;
    --skip-publish)      skip_publish=true; shift ;;
    --what-if)           what_if=true; shift ;;
    -h|--help)           usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

[ -n "$resource_group" ] || { usage >&2; die "--resource-group is required"; }
case "$environment" in
  dev|prod) ;;
  "") usage >&2; die "--environment is required" ;;
  *) die "--environment must be dev or prod, not '$environment'" ;;
esac
[[ "$resource_group" =~ ^[-_.()a-zA-Z0-9]{1,90}$ ]] || die "invalid resource group name: $resource_group"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

params="$repo_root/infra/main.$environment.bicepparam"
app_project="$repo_root/functions/Tributary.Functions"
[ -f "$params" ] || die "missing parameter file $params"

step "1. Checking tools and login"
for tool in az; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
if ! $infra_only && ! $skip_publish && ! $what_if; then
  for tool in func dotnet; do command -v "$tool" >/dev/null || die "'$tool' is not installed (needed to publish)"; done
fi
az account show --output none 2>/dev/null || die "not logged in: run 'az login' first"
if [ -n "$subscription" ]; then az account set --subscription "$subscription"; fi
echo "subscription: $(az account show --query name --output tsv)"

step "2. Registering resource providers"
for ns in Microsoft.Web Microsoft.Storage Microsoft.DocumentDB Microsoft.ServiceBus Microsoft.EventGrid \
          Microsoft.Insights Microsoft.OperationalInsights Microsoft.ManagedIdentity; do
  az provider register --namespace "$ns" --wait --output none
done

step "3. Resource group $resource_group"
if [ "$(az group exists --name "$resource_group")" != "true" ]; then
  [ -n "$location" ] || die "resource group $resource_group does not exist: pass --location to create it"
  az group create --name "$resource_group" --location "$location" --output none
  echo "created in $location"
else
  echo "exists"
fi

step "3b. Entra ID app registration of the API (app roles reader, operator, approver, admin)"
roles_file="$repo_root/infra/app-roles.json"
if [ -z "$entra_client_id" ]; then
  display_name="tributary-api-$environment"
  entra_client_id="$(az ad app list --display-name "$display_name" --query '[0].appId' --output tsv)"
  if [ -z "$entra_client_id" ]; then
    entra_client_id="$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMyOrg \
      --app-roles "@$roles_file" --query appId --output tsv)"
    az ad app update --id "$entra_client_id" --identifier-uris "api://$entra_client_id"
    az ad sp create --id "$entra_client_id" --output none
    echo "created $display_name: $entra_client_id; assign its app roles to users, groups and automation identities"
  else
    az ad app update --id "$entra_client_id" --app-roles "@$roles_file"
    echo "exists: $display_name ($entra_client_id), app roles updated"
  fi
else
  echo "using $entra_client_id (its app roles must be those of infra/app-roles.json)"
fi
export TRIBUTARY_ENTRA_CLIENT_ID="$entra_client_id"

deployment="tributary-$environment"

if $what_if; then
  step "4. What-if of pass 1"
  TRIBUTARY_BLOBS_EXTENSION_KEY="" az deployment group what-if \
    --resource-group "$resource_group" --parameters "$params"
  exit 0
fi

step "4. Pass 1: infrastructure"
TRIBUTARY_BLOBS_EXTENSION_KEY="" az deployment group create \
  --resource-group "$resource_group" --name "$deployment" \
  --parameters "$params" --output none
output() {
  az deployment group show --resource-group "$resource_group" --name "$deployment" \
    --query "properties.outputs.$1.value" --output tsv
}
app_name="$(output functionAppName)"
echo "function app: $app_name"

# The console (/api/console/) signs people in through Easy Auth's browser flow, which returns to this callback with an ID
# token; the registration must name the callback and issue ID tokens. Bearer-token callers are unaffected.
app_host="$(output functionAppHostName)"
az ad app update --id "$entra_client_id" --web-redirect-uris "https://$app_host/.auth/login/aad/callback" \
  --enable-id-token-issuance true
echo "console sign-in: https://$app_host/api/console/ (callback https://$app_host/.auth/login/aad/callback)"

if $infra_only; then
  echo "--infra-only: stopping after pass 1"
  exit 0
fi

if ! $skip_publish; then
  step "5. Publishing functions/Tributary.Functions to $app_name"
  (cd "$app_project" && func azure functionapp publish "$app_name")
fi

step "6. Waiting for the host's blobs_extension key"
key=""
for _ in $(seq 1 30); do
  key="$(az functionapp keys list --resource-group "$resource_group" --name "$app_name" \
           --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)"
  [ -n "$key" ] && break
  sleep 10
done
[ -n "$key" ] || die "the host did not report a blobs_extension key within 5 minutes; is the app running?"

step "7. Pass 2: Event Grid subscriptions for the blob triggers"
TRIBUTARY_BLOBS_EXTENSION_KEY="$key" az deployment group create \
  --resource-group "$resource_group" --name "$deployment" \
  --parameters "$params" --output none
unset key

echo
echo "Done. API: https://$(output functionAppHostName)/api/health"
