using Microsoft.AspNetCore.Http;

namespace TechHealth.Pages;

/// <summary>
/// A browser cannot add a header to a link it follows, so when reads need a credential the pages also take it from a
/// cookie set by the sign-in form: an API key becomes <c>X-Api-Key</c>, a JSON web token <c>Authorization: Bearer</c>.
/// A header sent by the client itself always wins. The cookie is HttpOnly and SameSite=Strict.
/// </summary>
public static class PageCredentials
{
    public const string CookieName = "techhealth-credential";

    public static void ApplyCookie(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var credential) || string.IsNullOrWhiteSpace(credential)) return;
        if (http.Request.Headers.ContainsKey("X-Api-Key") || http.Request.Headers.ContainsKey("Authorization")) return;
        Apply(http, credential.Trim());
    }

    public static void Apply(HttpContext http, string credential)
    {
        if (LooksLikeToken(credential)) http.Request.Headers.Authorization = "Bearer " + credential;
        else http.Request.Headers["X-Api-Key"] = credential;
        http.Items[AppliedKey] = true;
    }

    private const string AppliedKey = "techhealth.page-credential";

    /// <summary>
    /// Whether the pages put the credential on this request's headers (from the form or the cookie), after ASP.NET Core
    /// authenticated it: the host must then authenticate the headers afresh.
    /// </summary>
    public static bool WasApplied(HttpContext http) => http.Items.ContainsKey(AppliedKey);

    /// <summary>A JSON web token is three base64url parts joined by dots, and its header starts with <c>{"</c> (<c>eyJ</c>).</summary>
    public static bool LooksLikeToken(string credential)
        => credential.StartsWith("eyJ", StringComparison.Ordinal) && credential.Count(c => c == '.') == 2;

    public static CookieOptions CookieOptions(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/",
        MaxAge = TimeSpan.FromHours(12),
    };
}
