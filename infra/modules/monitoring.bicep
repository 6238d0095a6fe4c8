// Log Analytics + workspace-based Application Insights. Local (instrumentation-key) auth is off, so telemetry is
// accepted only from principals holding Monitoring Metrics Publisher: the app's identity, nothing else.

param logAnalyticsName string
param appInsightsName string
param location string
param tags object

@description('Days Log Analytics keeps data (30 is the free retention).')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Name of the identity that publishes telemetry.')
param identityName string

var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource publisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// The connection string names the ingestion endpoint and the instrumentation key, which with local auth off is an
// identifier, not a credential: ingestion also needs the Entra token from APPLICATIONINSIGHTS_AUTHENTICATION_STRING.
output connectionString string = appInsights.properties.ConnectionString
output appInsightsName string = appInsights.name
