// Prod: zone-redundant storage, provisioned autoscale Cosmos (predictable latency for nightly HPI runs, and
// serverless caps a container at 1 TB / 5,000 RU/s), more instances, longer log retention.
using 'main.bicep'

param environmentName = 'prod'
param storageSku = 'Standard_ZRS'
param cosmosCapacityMode = 'provisioned'
param cosmosAutoscaleMaxThroughput = 4000
param maximumInstanceCount = 100
param logRetentionDays = 90
// Empty on deploy.sh's first pass (no Event Grid subscriptions yet); set by deploy.sh after publishing, from the
// published host's blobs_extension system key. Never written to a file.
param blobsExtensionKey = readEnvironmentVariable('TRIBUTARY_BLOBS_EXTENSION_KEY', '')
// The Entra ID app registration deploy.sh creates or updates (with the app roles of app-roles.json) before pass 1.
param entraClientId = readEnvironmentVariable('TRIBUTARY_ENTRA_CLIENT_ID', '')
