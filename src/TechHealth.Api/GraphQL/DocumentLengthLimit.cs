using System.Text;
using System.Text.Json;

namespace TechHealth.Api.GraphQL;

/// <summary>
/// <c>MaxDocumentLength</c> over HTTP: HotChocolate parses the document while it reads the request body, so the
/// length of <c>query</c> (the JSON body's, or the GET parameter's) is checked before the request reaches it.
/// </summary>
public sealed class DocumentLengthLimit(int maxLength)
{
    public async Task Enforce(HttpContext ctx, Microsoft.AspNetCore.Http.RequestDelegate next)
    {
        // A body no longer than the limit cannot hold a longer query (a character is at least one byte): most requests
        // pass without being read twice.
        var length = HttpMethods.IsGet(ctx.Request.Method) ? ctx.Request.Query["query"].ToString().Length
            : HttpMethods.IsPost(ctx.Request.Method) && !(ctx.Request.ContentLength <= maxLength)
              && ctx.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
                ? await QueryLengthAsync(ctx.Request)
                : 0;
        if (length > maxLength)
        {
            ctx.Response.StatusCode = StatusCodes.Status400BadRequest;
            var error = QueryLimits.Refusal($"Document length {length} exceeds the limit of {maxLength} characters.", "MaxDocumentLength");
            await ctx.Response.WriteAsJsonAsync(new { errors = new[] { new { message = error.Message, extensions = error.Extensions } } });
            return;
        }
        await next(ctx);
    }

    /// <summary>The character length of the body's top-level <c>query</c> string; the body stays readable for HotChocolate.</summary>
    private async Task<int> QueryLengthAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        try
        {
            var reader = new Utf8JsonReader(body.GetBuffer().AsSpan(0, (int)body.Length));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isQuery = reader.ValueTextEquals("query"u8);
                if (!reader.Read()) return 0;
                // UTF-8 bytes are never fewer than characters, so a short value needs no decoding.
                if (isQuery && reader.TokenType == JsonTokenType.String)
                    return reader.ValueSpan.Length <= maxLength ? reader.ValueSpan.Length : reader.GetString()!.Length;
                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: HotChocolate answers it with its own 400.
        }
        return 0;
    }
}
