// Event Grid system topic on the Storage account and one subscription per blob trigger. Flex Consumption runs only
// event-based blob triggers (Source = BlobTriggerSource.EventGrid): Event Grid posts BlobCreated to the blob
// extension's webhook, https://<app>/runtime/webhooks/blobs?functionName=Host.Functions.<Function>&code=<key>.
//
// The webhook needs the host's `blobs_extension` system key, which exists only once the code is published, and
// Event Grid validates the endpoint when the subscription is created. So the subscriptions are created on the
// second pass of infra/deploy.sh, which reads the key with `az functionapp keys list` after publishing and passes it
// in as a secure parameter. The template itself never calls listKeys.

param systemTopicName string
param location string
param tags object
param storageAccountName string
param functionAppHostName string

@description('The host\'s blobs_extension system key. Empty on the first pass: the topic is created, subscriptions are not.')
@secure()
param blobsExtensionKey string = ''

@description('One entry per blob trigger: { container, functionName }.')
param triggers array

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// One module per subscription so the key-bearing URL reaches the resource as a secure parameter as a whole
// (kept out of deployment history), rather than as a string built inside the resource.
module subscriptions 'blob-subscription.bicep' = [
  for trigger in triggers: if (!empty(blobsExtensionKey)) {
    name: 'blob-subscription-${toLower(trigger.functionName)}'
    params: {
      systemTopicName: topic.name
      name: toLower(trigger.functionName)
      container: trigger.container
      endpointUrl: 'https://${functionAppHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${trigger.functionName}&code=${blobsExtensionKey}'
    }
  }
]

output systemTopicName string = topic.name
