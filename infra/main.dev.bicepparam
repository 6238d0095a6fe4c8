// Dev: smallest footprint. Serverless Cosmos and LRS storage; few instances so a runaway fan-out stays cheap.
using 'main.bicep'

param environmentName = 'dev'
param storageSku = 'Standard_LRS'
param cosmosCapacityMode = 'serverless'
param maximumInstanceCount = 10
param logRetentionDays = 30
// Empty on deploy.sh's first pass (no Event Grid subscriptions yet); set by deploy.sh after publishing, from the
// published host's blobs_extension system key. Never written to a file.
param blobsExtensionKey = readEnvironmentVariable('TRIBUTARY_BLOBS_EXTENSION_KEY', '')
// The Entra ID app registration deploy.sh creates or updates (with the app roles of app-roles.json) before pass 1.
param entraClientId = readEnvironmentVariable('TRIBUTARY_ENTRA_CLIENT_ID', '')
