// Service Bus namespace with the `pipeline-events` topic that run-completed/failed events go to.
// Local (SAS) auth is off; the app's identity may only send, and only to this topic.

param name string
param location string
param tags object

@description('Topic that run events are published to (the Functions app\'s Service Bus output binding).')
param topicName string = 'pipeline-events'

@description('Name of the identity the Function App runs as.')
param identityName string

var dataSenderRoleId = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  // Standard is the smallest tier with topics.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    // Subscribers are downstream systems; a week covers a long weekend outage without growing unbounded.
    defaultMessageTimeToLive: 'P7D'
    maxSizeInMegabytes: 1024
    // Delivery is at least once (a retried finalize publishes again); subscribers de-duplicate by the event's eventId.
    // Duplicate detection would need a MessageId, which the isolated worker's output binding cannot set.
  }
}

resource sender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, identity.id, dataSenderRoleId)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// serviceBusEndpoint is https://<ns>.servicebus.windows.net:443/; the SDK wants the bare host name.
// Derived rather than hard-coded so sovereign clouds get their own suffix.
output fullyQualifiedNamespace string = replace(replace(namespace.properties.serviceBusEndpoint, 'https://', ''), ':443/', '')
output topicName string = topic.name
