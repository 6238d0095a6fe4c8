// The Function App on Flex Consumption (FC1), running as the user-assigned identity. Every connection is
// identity-based: the app settings name endpoints and the identity's client id, never a key or a connection string
// with a key. Flex owns the runtime stack in functionAppConfig, so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION must not appear in app settings (Flex rejects them).

param planName string
param appName string
param location string
param tags object

@description('Name of the identity the Function App runs as.')
param identityName string

param storageAccountName string
param deploymentContainerUrl string
param cosmosEndpoint string
param cosmosDatabase string
param serviceBusNamespace string
param serviceBusTopic string
param appInsightsConnectionString string

@description('Durable Task hub name (letters and digits). One per environment, so dev and prod never share queues.')
param taskHubName string

@description('Upper bound of Flex instances; bounds cost and the fan-out pressure on Cosmos.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance. 2048 MB fits an HPI CBSA partition or a 100k-row generation batch.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        // Host storage (and Durable's task hub) through the identity.
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storageAccountName
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'TaskHubName'
          value: taskHubName
        }
        // Cosmos through core's adapter (Microsoft.Azure.Cosmos with a managed identity credential).
        {
          name: 'Cosmos__accountEndpoint'
          value: cosmosEndpoint
        }
        {
          name: 'Cosmos__database'
          value: cosmosDatabase
        }
        {
          name: 'Cosmos__credential'
          value: 'managedidentity'
        }
        {
          name: 'Cosmos__clientId'
          value: identity.properties.clientId
        }
        // Service Bus output binding (run events).
        {
          name: 'ServiceBus__fullyQualifiedNamespace'
          value: serviceBusNamespace
        }
        {
          name: 'ServiceBus__credential'
          value: 'managedidentity'
        }
        {
          name: 'ServiceBus__clientId'
          value: identity.properties.clientId
        }
        {
          name: 'RunEventsTopic'
          value: serviceBusTopic
        }
        // The self-hosted runtime's default schedules (UTC), in NCRONTAB's six fields.
        {
          name: 'HpiNightlySchedule'
          value: '0 0 2 * * *'
        }
        {
          name: 'PurgeDailySchedule'
          value: '0 30 3 * * *'
        }
        {
          name: 'ForecastNightlySchedule'
          value: '0 0 4 * * *'
        }
        // Telemetry with Entra auth: App Insights has local auth disabled.
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
          value: 'ClientId=${identity.properties.clientId};Authorization=AAD'
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing goes through Entra ID (az / func with the caller's token); basic-auth publishing credentials are off.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
