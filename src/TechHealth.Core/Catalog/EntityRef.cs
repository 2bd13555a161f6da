namespace TechHealth.Core.Catalog;

/// <summary>
/// A Backstage entity reference <c>[kind:][namespace/]name</c>. Comparison is case-insensitive, as Backstage's is;
/// the default kind depends on where the reference is written (an owner defaults to <c>group</c>).
/// </summary>
public readonly record struct EntityRef(string Kind, string Namespace, string Name)
{
    public static EntityRef Parse(string text, string defaultKind, string defaultNamespace = "default")
    {
        var kind = defaultKind;
        var rest = text.Trim();
        var colon = rest.IndexOf(':');
        if (colon > 0) { kind = rest[..colon]; rest = rest[(colon + 1)..]; }
        var ns = defaultNamespace;
        var slash = rest.IndexOf('/');
        if (slash > 0) { ns = rest[..slash]; rest = rest[(slash + 1)..]; }
        return new EntityRef(kind.ToLowerInvariant(), ns.ToLowerInvariant(), rest.ToLowerInvariant());
    }

    public override string ToString() => $"{Kind}:{Namespace}/{Name}";
}
