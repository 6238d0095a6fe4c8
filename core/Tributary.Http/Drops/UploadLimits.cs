using System.ComponentModel.DataAnnotations;
using Tributary.Pipeline.Uploads;

namespace Tributary.Http.Drops;

/// <summary>The upload route's cap, section `Tributary:Console` (`MaxUploadBytes`), validated when the host starts.</summary>
public sealed class UploadLimits
{
    /// <summary>The configuration section both hosts read.</summary>
    public const string Section = "Tributary:Console";

    /// <summary>The largest file `PUT /api/drops/{kind}/{path}` accepts, in bytes.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Tributary:Console:MaxUploadBytes must be a positive number of bytes")]
    public long MaxUploadBytes { get; set; } = DropUpload.DefaultMaxBytes;
}
