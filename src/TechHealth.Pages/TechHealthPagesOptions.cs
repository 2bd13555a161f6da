using Microsoft.AspNetCore.Http;

namespace TechHealth.Pages;

/// <summary>What the host tells the pages: where the snapshot in force is, and who may read.</summary>
public sealed class TechHealthPagesOptions
{
    /// <summary>The evaluation in force for this request, or null before the first evaluation has finished.</summary>
    public required Func<HttpContext, FleetView?> Fleet { get; init; }

    /// <summary>
    /// Null when the request may read; otherwise why not (shown on the sign-in page). Called after a key held in the
    /// <see cref="PageCredentials.CookieName"/> cookie has been turned into the header the host reads.
    /// </summary>
    public Func<HttpContext, Task<string?>>? AuthorizeRead { get; init; }
}
