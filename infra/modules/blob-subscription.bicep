// One Event Grid subscription: BlobCreated in one container, delivered to one blob trigger's webhook.

param systemTopicName string
param name string
param container string

@description('The blob extension webhook of one function, including the blobs_extension key.')
@secure()
param endpointUrl string

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: name
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${container}/'
    }
    eventDeliverySchema: 'EventGridSchema'
    // Event Grid retries with backoff for a day, which rides out a cold start or a deployment slot swap.
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
