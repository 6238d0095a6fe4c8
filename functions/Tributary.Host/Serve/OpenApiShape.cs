using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Tributary.Reconciliation.Workflow;

namespace Tributary.Host.Serve;

/// <summary>
/// What `/openapi/v1.json` says beyond what the endpoints declare: the credentials every route but health takes (an API key
/// in X-Api-Key, or an OpenID Connect bearer token), break statuses spelled as they are sent and stored (`in_review`), and
/// a start's body as optional (an empty body means every default).
/// </summary>
public static class OpenApiShape
{
    /// <summary>The security scheme names in the document.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The bearer scheme's name in the document.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>Adds the transformers to the OpenAPI options.</summary>
    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                Name = Pipeline.Access.ApiKey.Header,
                In = ParameterLocation.Header,
                Description = "An API key (the generated <data>/admin.key, or one configured under Tributary:Security:ApiKeys).",
            };
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An OpenID Connect / Entra ID access token with app roles, when Tributary:Security:Oidc is configured.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] });
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(BreakStatus))
            {
                schema.Type = JsonSchemaType.String;
                schema.Enum = Enum.GetValues<BreakStatus>().Select(s => (JsonNode)JsonValue.Create(s.Name())).ToList();
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            // POST /api/runs/{kind} with no body starts the run with every default.
            if (context.Description.HttpMethod == "POST" && context.Description.RelativePath == "api/runs/{kind}" && operation.RequestBody is OpenApiRequestBody body)
            {
                body.Required = false;
            }

            return Task.CompletedTask;
        });
    }
}
