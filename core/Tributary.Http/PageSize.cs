using Tributary.Pipeline.Results;

namespace Tributary.Http;

/// <summary>The <c>pageSize</c> query parameter of the paged result routes: absent, or a whole number core then range-checks.</summary>
public static class PageSize
{
    /// <summary>False (with the problem to answer) when the value is present but not a whole number.</summary>
    public static bool TryRead(ApiCall call, out int? pageSize)
    {
        ArgumentNullException.ThrowIfNull(call);
        pageSize = null;
        if (call.Query("pageSize") is not { } text)
        {
            return true;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return false;
        }

        pageSize = parsed;
        return true;
    }

    /// <summary>The 400 for a pageSize that is not a whole number.</summary>
    public static Microsoft.AspNetCore.Http.IResult Problem() => ApiAnswers.Field("pageSize", ResultQueries.PageSizeProblem);
}
