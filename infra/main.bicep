// Tributary in Azure: a Flex Consumption Function App (isolated worker, Durable Task) running as one user-assigned
// identity, with Storage, Cosmos DB, Service Bus and Application Insights it reaches only through that identity.
// Deploy with infra/deploy.sh (see docs/azure.md); the tests in tests/Tributary.Infra.Tests compile and lint this file.

targetScope = 'resourceGroup'

@description('Environment name; part of every resource name and of the Durable task hub name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Lowercase letters only; prefixes resource names (the Storage account name allows nothing else).')
@minLength(3)
@maxLength(10)
param namePrefix string = 'tributary'

@description('Storage replication (Standard_LRS, Standard_ZRS, ...).')
param storageSku string = 'Standard_LRS'

@description('Cosmos DB capacity: serverless (default) or provisioned autoscale throughput.')
@allowed([
  'serverless'
  'provisioned'
])
param cosmosCapacityMode string = 'serverless'

@description('Autoscale maximum RU/s of the Cosmos database when cosmosCapacityMode is provisioned.')
@minValue(1000)
param cosmosAutoscaleMaxThroughput int = 1000

@description('Upper bound of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Log Analytics retention in days.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('The Function App host\'s blobs_extension system key; deploy.sh passes it on the second pass to create the Event Grid subscriptions.')
@secure()
param blobsExtensionKey string = ''

@description('Client id of the Entra ID app registration for the API (deploy.sh creates it with the app roles of app-roles.json).')
param entraClientId string

@description('Entra ID tenant that issues the API\'s tokens.')
param entraTenantId string = tenant().tenantId

// The roles of core's access matrix (core/Tributary.Pipeline/Access), as Entra app roles; deploy.sh writes them to the app registration.
var entraAppRoles = loadJsonContent('app-roles.json')

// Deterministic per resource group and environment, so a redeploy updates rather than duplicates.
var suffix = take(uniqueString(resourceGroup().id, environmentName), 6)
var baseName = '${namePrefix}-${environmentName}-${suffix}'
var tags = {
  application: 'tributary'
  environment: environmentName
}

// Drop, output, quarantine and staging containers the pipeline uses (same names as the self-hosted runtime).
var pipelineContainers = [
  'hpi-drop'
  'recon-drop'
  'forecast-drop'
  'gen-requests'
  'outputs'
  'quarantine'
  'staging'
]
var deploymentContainer = 'app-package'

// Blob triggers of functions/Tributary.Functions (Source = BlobTriggerSource.EventGrid): one Event Grid subscription each.
var blobTriggers = [
  {
    container: 'hpi-drop'
    functionName: 'HpiDrop'
  }
  {
    container: 'recon-drop'
    functionName: 'ReconDrop'
  }
  {
    container: 'gen-requests'
    functionName: 'GenRequest'
  }
  {
    container: 'forecast-drop'
    functionName: 'ForecastDrop'
  }
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${baseName}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${baseName}'
    appInsightsName: 'appi-${baseName}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    identityName: identity.outputs.name
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take('st${namePrefix}${environmentName}${suffix}', 24)
    location: location
    tags: tags
    skuName: storageSku
    pipelineContainers: pipelineContainers
    deploymentContainer: deploymentContainer
    identityName: identity.outputs.name
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: 'cosmos-${baseName}'
    location: location
    tags: tags
    capacityMode: cosmosCapacityMode
    autoscaleMaxThroughput: cosmosAutoscaleMaxThroughput
    identityName: identity.outputs.name
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: 'sb-${baseName}'
    location: location
    tags: tags
    identityName: identity.outputs.name
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    planName: 'plan-${baseName}'
    appName: 'func-${baseName}'
    location: location
    tags: tags
    identityName: identity.outputs.name
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainer}'
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    serviceBusNamespace: serviceBus.outputs.fullyQualifiedNamespace
    serviceBusTopic: serviceBus.outputs.topicName
    appInsightsConnectionString: monitoring.outputs.connectionString
    taskHubName: '${namePrefix}${environmentName}'
    maximumInstanceCount: maximumInstanceCount
  }
}

module auth 'modules/auth.bicep' = {
  name: 'auth'
  params: {
    appName: functionApp.outputs.name
    entraClientId: entraClientId
    entraTenantId: entraTenantId
  }
}

module blobEvents 'modules/blob-events.bicep' = {
  name: 'blob-events'
  params: {
    systemTopicName: 'evgt-${baseName}'
    location: location
    tags: tags
    storageAccountName: storage.outputs.name
    functionAppHostName: functionApp.outputs.defaultHostName
    blobsExtensionKey: blobsExtensionKey
    triggers: blobTriggers
  }
}

output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
output cosmosEndpoint string = cosmos.outputs.endpoint
output serviceBusNamespace string = serviceBus.outputs.fullyQualifiedNamespace
output identityClientId string = identity.outputs.clientId
output authIssuer string = auth.outputs.issuer
output appRoles array = [for role in entraAppRoles: role.value]
