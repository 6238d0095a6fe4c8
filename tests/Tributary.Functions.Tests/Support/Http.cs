using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tributary.Functions.Tests.Support;

/// <summary>Requests as the Functions ASP.NET Core integration hands them to an HTTP trigger.</summary>
internal static class Http
{
    public static HttpRequest Request(string? body = null, string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("tributary.example");
        context.Request.QueryString = new QueryString(query);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        return context.Request;
    }
}
