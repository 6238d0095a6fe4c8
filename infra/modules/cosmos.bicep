// Cosmos DB (SQL API): the workloads' result documents (run state lives in the Durable task hub, in Storage).
// Database, containers and partition keys come from infra/cosmos-containers.json, the file the Cosmos adapter embeds,
// so Bicep and the adapter cannot drift apart (tests/Tributary.Infra.Tests checks the compiled template against it).

param accountName string
param location string
param tags object

@description('serverless: pay per request, no minimum (default; bursty pipeline runs). provisioned: autoscale database throughput.')
@allowed([
  'serverless'
  'provisioned'
])
param capacityMode string = 'serverless'

@description('Autoscale maximum RU/s shared by the database when capacityMode is provisioned (minimum 1000).')
@minValue(1000)
param autoscaleMaxThroughput int = 1000

@description('Name of the identity the Function App runs as.')
param identityName string

var definition = loadJsonContent('../cosmos-containers.json')

// Cosmos DB Built-in Data Contributor: read/write items and query, but no account or database management.
var dataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' existing = {
  name: identityName
}

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    disableLocalAuth: true
    // Control-plane changes (containers, throughput) only through ARM, never with a data-plane token.
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    consistencyPolicy: {
      // Session: a client reads its own writes (a break's ETag-guarded workflow moves) within one client.
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    capabilities: capacityMode == 'serverless'
      ? [
          {
            name: 'EnableServerless'
          }
        ]
      : []
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: definition.database
  properties: {
    resource: {
      id: definition.database
    }
    options: capacityMode == 'provisioned'
      ? {
          autoscaleSettings: {
            maxThroughput: autoscaleMaxThroughput
          }
        }
      : {}
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = [
  for container in definition.containers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        partitionKey: {
          paths: [
            container.partitionKey
          ]
          kind: 'Hash'
          version: 2
        }
      }
    }
  }
]

// Scoped to the database, not the account: the identity can touch Tributary's data and nothing else.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(database.id, identity.id, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: database.id
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
