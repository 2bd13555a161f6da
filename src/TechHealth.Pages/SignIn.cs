using Microsoft.AspNetCore.Http;
using TechHealth.Pages.Components;

namespace TechHealth.Pages;

/// <summary>
/// The sign-in form for services that require a credential for reads: the key or token typed here is kept in an
/// HttpOnly cookie (<see cref="PageCredentials"/>) and sent with every page the browser opens afterwards.
/// </summary>
internal static class SignIn
{
    public static IResult Form(string? returnUrl, string? problem, int status = StatusCodes.Status200OK)
        => PagesEndpoints.Render<SignInPage>(new() { ["ReturnUrl"] = SafeReturn(returnUrl), ["Problem"] = problem }, status);

    public static async Task<IResult> PostAsync(HttpContext http, TechHealthPagesOptions options)
    {
        if (!http.Request.HasFormContentType) return Form(null, "Send the form from the sign-in page.", StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var credential = form["credential"].ToString().Trim();
        var returnUrl = SafeReturn(form["returnUrl"].ToString());
        if (credential.Length is 0 or > 8192) return Form(returnUrl, "Enter an API key or a bearer token.", StatusCodes.Status400BadRequest);
        // The credential is checked the way every page checks it before it is kept, so a typo is told at once.
        http.Request.Headers.Remove("X-Api-Key");
        http.Request.Headers.Remove("Authorization");
        PageCredentials.Apply(http, credential);
        if (options.AuthorizeRead is { } authorize && await authorize(http) is { } problem)
            return Form(returnUrl, problem, StatusCodes.Status401Unauthorized);
        http.Response.Cookies.Append(PageCredentials.CookieName, credential, PageCredentials.CookieOptions(http));
        return Results.Redirect(returnUrl);
    }

    public static IResult SignOut(HttpContext http)
    {
        http.Response.Cookies.Delete(PageCredentials.CookieName, PageCredentials.CookieOptions(http));
        return Results.Redirect("/sign-in");
    }

    /// <summary>Only a path on this site: never an absolute URL or a scheme-relative one (an open redirect).</summary>
    public static string SafeReturn(string? returnUrl)
        => returnUrl is { Length: > 0 } r && r.StartsWith('/') && !r.StartsWith("//") && !r.StartsWith("/\\") ? r : "/";
}
