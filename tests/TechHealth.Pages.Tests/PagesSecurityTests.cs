using System.Net;

namespace TechHealth.Pages.Tests;

/// <summary>With <c>RequireAuthenticationForReads</c>, the pages ask for a key or token as GraphQL does, by header or by the sign-in cookie.</summary>
public sealed class PagesSecurityTests(SecuredPagesService service) : IClassFixture<SecuredPagesService>
{
    [Fact]
    public async Task A_page_without_a_credential_is_a_401_sign_in_form_and_the_stylesheet_stays_open()
    {
        using var response = await service.Http.GetAsync("/departments");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("ApiKey");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<form method=\"post\" action=\"/sign-in\"");
        html.ShouldContain("name=\"returnUrl\" value=\"/departments\"");
        html.ShouldNotContain("data-figure");
        (await service.Http.GetAsync("/pages/pages.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_api_key_header_opens_the_pages_and_a_wrong_one_is_refused_with_the_reason()
    {
        using var ok = new HttpRequestMessage(HttpMethod.Get, "/");
        ok.Headers.Add("X-Api-Key", PagesService.ReaderKey);
        using var okResponse = await service.Http.SendAsync(ok);
        okResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await okResponse.Content.ReadAsStringAsync()).ShouldContain("data-figure=\"components\"");

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/");
        wrong.Headers.Add("X-Api-Key", "not-a-key");
        using var wrongResponse = await service.Http.SendAsync(wrong);
        wrongResponse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = await wrongResponse.Content.ReadAsStringAsync();
        body.ShouldContain("The API key is not one this service knows.");
        body.ShouldNotContain("not-a-key");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Signing_in_sets_an_http_only_cookie_that_opens_the_pages(bool bearerToken)
    {
        // The form and the cookie put the key or token on the request after ASP.NET Core has authenticated it once.
        using var signIn = await service.Http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["credential"] = bearerToken ? SecuredPagesService.ReaderToken() : PagesService.ReaderKey, ["returnUrl"] = "/teams",
        }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
        signIn.Headers.Location!.ToString().ShouldBe("/teams");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        cookie.ShouldStartWith(PageCredentials.CookieName + "=");
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("samesite=strict");

        using var page = new HttpRequestMessage(HttpMethod.Get, "/teams");
        page.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var response = await service.Http.SendAsync(page);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<h1>Teams</h1>");
    }

    [Fact]
    public async Task A_wrong_key_is_not_kept_and_a_foreign_return_address_is_not_followed()
    {
        using var wrong = await service.Http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["credential"] = "nope", ["returnUrl"] = "/" }));
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrong.Headers.Contains("Set-Cookie").ShouldBeFalse();

        using var foreign = await service.Http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["credential"] = PagesService.ReaderKey, ["returnUrl"] = "//evil.example/x",
        }));
        foreign.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Graphql_reads_stay_refused_without_a_key_so_pages_and_api_agree()
    {
        using var response = await service.Http.PostAsync("/graphql", new StringContent("{\"query\":\"{ organisation { componentCount } }\"}", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}

/// <summary>The in-memory test server: pages render as HTML without a browser or a port.</summary>
public sealed class InMemoryPagesTests(InMemoryPagesService service) : IClassFixture<InMemoryPagesService>
{
    [Fact]
    public async Task Pages_are_html_with_one_h1_a_skip_link_and_no_outside_resources()
    {
        foreach (var path in new[] { "/", "/departments", "/teams", "/radar", "/checks", "/gates", "/exemptions", "/runs", "/components/pages-hold-demo", "/radar/log4j" })
        {
            var html = await service.Http.GetStringAsync(path);
            System.Text.RegularExpressions.Regex.Matches(html, "<h1[ >]").Count.ShouldBe(1, path);
            html.ShouldContain("href=\"#content\"");
            // Nothing from a CDN or any other host: every src and stylesheet is the service's own.
            System.Text.RegularExpressions.Regex.Matches(html, "(src|href)=\"(https?:)?//[^\"]+\\.(js|css)\"").Count.ShouldBe(0, path);
        }
    }
}
