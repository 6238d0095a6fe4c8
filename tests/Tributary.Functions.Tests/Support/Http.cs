using System.Text;
using Microsoft.AspNetCore.Http;

namespace Tributary.Functions.Tests.Support;

/// <summary>Requests as the Functions ASP.NET Core integration hands them to an HTTP trigger.</summary>
internal static class Http
{
    public static DefaultHttpContext Context(string method, string pathAndQuery, string? body = null)
    {
        var context = new DefaultHttpContext();
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("tributary.example");
        context.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        context.Request.QueryString = new QueryString(query < 0 ? "" : pathAndQuery[query..]);
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body ?? ""));
        context.Response.Body = new MemoryStream();
        return context;
    }
}
