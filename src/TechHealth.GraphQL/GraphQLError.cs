using System.Text.Json;

namespace TechHealth.GraphQL;

/// <summary>
/// One error in a GraphQL response: message, source locations, response path and extensions,
/// shaped as the specification's "Errors" section describes. It owns no formatting policy
/// beyond writing itself as JSON.
/// </summary>
public sealed class GraphQLError
{
    public GraphQLError(
        string message,
        IReadOnlyList<SourceLocation>? locations = null,
        IReadOnlyList<object>? path = null,
        IReadOnlyDictionary<string, object?>? extensions = null,
        Exception? originalException = null)
    {
        Message = message;
        Locations = locations is { Count: > 0 } ? locations : null;
        Path = path;
        Extensions = extensions is { Count: > 0 } ? extensions : null;
        OriginalException = originalException;
    }

    public string Message { get; }
    public IReadOnlyList<SourceLocation>? Locations { get; }
    /// <summary>Response path: strings for field names, ints for list indexes.</summary>
    public IReadOnlyList<object>? Path { get; }
    public IReadOnlyDictionary<string, object?>? Extensions { get; }
    /// <summary>The exception a resolver threw, kept for logging; never written to the response.</summary>
    public Exception? OriginalException { get; }

    internal static GraphQLError At(string message, params Node?[] nodes)
    {
        var locations = new List<SourceLocation>();
        foreach (var node in nodes)
        {
            if (node?.Location is { } loc) locations.Add(loc.StartLocation);
        }
        return new GraphQLError(message, locations);
    }

    internal static GraphQLError At(string message, IEnumerable<Node> nodes) => At(message, nodes.ToArray());

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("message", Message);
        if (Locations is not null)
        {
            writer.WritePropertyName("locations");
            writer.WriteStartArray();
            foreach (var l in Locations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("line", l.Line);
                writer.WriteNumber("column", l.Column);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        if (Path is not null)
        {
            writer.WritePropertyName("path");
            writer.WriteStartArray();
            foreach (var p in Path)
            {
                if (p is int i) writer.WriteNumberValue(i);
                else writer.WriteStringValue(p.ToString());
            }
            writer.WriteEndArray();
        }
        if (Extensions is not null)
        {
            writer.WritePropertyName("extensions");
            JsonValueWriter.Write(writer, Extensions);
        }
        writer.WriteEndObject();
    }

    public override string ToString() => Message;
}

/// <summary>
/// Thrown by resolvers for errors meant for the client: the message and extensions reach the
/// response as they are.
/// </summary>
public class GraphQLException : Exception
{
    public GraphQLException(string message, IReadOnlyDictionary<string, object?>? extensions = null, Exception? inner = null)
        : base(message, inner)
    {
        Extensions = extensions;
    }

    public IReadOnlyDictionary<string, object?>? Extensions { get; }
}

/// <summary>A lexical or grammatical error in a document, with the graphql-js "Syntax Error: ..." message.</summary>
public sealed class GraphQLSyntaxException : Exception
{
    public GraphQLSyntaxException(Source source, int position, string description)
        : base("Syntax Error: " + description)
    {
        Description = description;
        Position = position;
        Locations = new[] { source.GetLocation(position) };
    }

    public string Description { get; }
    public int Position { get; }
    public IReadOnlyList<SourceLocation> Locations { get; }

    public GraphQLError ToError() => new(Message, Locations);
}

/// <summary>Thrown by <see cref="SchemaBuilder.Build"/> when the SDL or the bindings break type system rules; lists every problem.</summary>
public sealed class SchemaException : Exception
{
    public SchemaException(IReadOnlyList<string> problems)
        : base(string.Join("\n\n", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
