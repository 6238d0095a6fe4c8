// App Service Authentication (Easy Auth v2) with Entra ID in front of the Function App. Easy Auth validates bearer tokens
// (issuer, audience, signature, lifetime) and hands the app the caller in X-MS-CLIENT-PRINCIPAL; the app's gate
// (functions/Tributary.Functions/Access) then applies core's access matrix to the token's app roles (infra/app-roles.json).
// Unauthenticated requests are let through to the app on purpose: the gate answers them 401 with problem details, keeps
// /api/health anonymous, and accepts hashed API keys for automation, which a platform-level 401 would block.

@description('Name of the Function App.')
param appName string

@description('Client id of the Entra ID app registration whose app roles are reader, operator, approver and admin.')
param entraClientId string

@description('Entra ID tenant of the app registration.')
param entraTenantId string

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: appName
}

resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
      runtimeVersion: '~1'
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
      forwardProxy: {
        convention: 'NoProxy'
      }
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            entraClientId
            'api://${entraClientId}'
          ]
        }
      }
    }
    login: {
      // Browser sessions (the console) need only Easy Auth's session cookie; the app never calls on a user's behalf, so no
      // token store holds their refresh tokens.
      tokenStore: {
        enabled: false
      }
    }
  }
}

output issuer string = auth.properties.identityProviders.azureActiveDirectory.registration.openIdIssuer
