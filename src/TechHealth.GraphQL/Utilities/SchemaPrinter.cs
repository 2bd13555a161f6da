namespace TechHealth.GraphQL;

/// <summary>
/// Prints a schema as SDL the way graphql-js printSchema does: schema definition only when root
/// names are not the defaults, then non-specified directives, then types in type-map order,
/// built-in scalars and introspection types left out, descriptions as block strings.
/// </summary>
public static class SchemaPrinter
{
    private const string DefaultDeprecationReason = "No longer supported";

    public static string Print(Schema schema)
    {
        var parts = new List<string>();
        var schemaDefinition = PrintSchemaDefinition(schema);
        if (schemaDefinition is not null) parts.Add(schemaDefinition);
        foreach (var directive in schema.Directives)
        {
            if (!BuiltIns.IsSpecifiedDirective(directive.Name)) parts.Add(PrintDirective(directive));
        }
        foreach (var type in schema.Types)
        {
            if (BuiltIns.IsIntrospectionType(type.Name)) continue;
            if (type is ScalarType && BuiltIns.IsBuiltInScalar(type.Name)) continue;
            parts.Add(PrintType(type));
        }
        return string.Join("\n\n", parts);
    }

    private static string? PrintSchemaDefinition(Schema schema)
    {
        var commonNames = (schema.QueryType is null || schema.QueryType.Name == "Query") &&
                          (schema.MutationType is null || schema.MutationType.Name == "Mutation") &&
                          (schema.SubscriptionType is null || schema.SubscriptionType.Name == "Subscription");
        if (schema.Description is null && commonNames) return null;
        var ops = new List<string>();
        if (schema.QueryType is not null) ops.Add($"  query: {schema.QueryType.Name}");
        if (schema.MutationType is not null) ops.Add($"  mutation: {schema.MutationType.Name}");
        if (schema.SubscriptionType is not null) ops.Add($"  subscription: {schema.SubscriptionType.Name}");
        return PrintDescription(schema.Description) + "schema {\n" + string.Join("\n", ops) + "\n}";
    }

    public static string PrintType(NamedType type)
    {
        switch (type)
        {
            case ScalarType s:
                return PrintDescription(s.Description) + "scalar " + s.Name +
                       (s.SpecifiedByUrl is null ? "" : $" @specifiedBy(url: {Printer.PrintString(s.SpecifiedByUrl)})");
            case ObjectType o:
                return PrintDescription(o.Description) + "type " + o.Name + PrintInterfaces(o) + PrintFields(o);
            case InterfaceType i:
                return PrintDescription(i.Description) + "interface " + i.Name + PrintInterfaces(i) + PrintFields(i);
            case UnionType u:
                return PrintDescription(u.Description) + "union " + u.Name + (u.Types.Count > 0 ? " = " + string.Join(" | ", u.Types.Select(t => t.Name)) : "");
            case EnumType e:
                var values = e.Values.Select((v, index) =>
                    PrintDescription(v.Description, "  ", index == 0) + "  " + v.Name + PrintDeprecated(v.DeprecationReason)).ToList();
                return PrintDescription(e.Description) + "enum " + e.Name + PrintBlock(values);
            case InputObjectType io:
                var fields = io.FieldList.Select((f, index) => PrintDescription(f.Description, "  ", index == 0) + "  " + PrintInputValue(f)).ToList();
                return PrintDescription(io.Description) + "input " + io.Name + (io.IsOneOf ? " @oneOf" : "") + PrintBlock(fields);
        }
        return "";
    }

    private static string PrintInterfaces(CompositeFieldsType type) =>
        type.Interfaces.Count > 0 ? " implements " + string.Join(" & ", type.Interfaces.Select(i => i.Name)) : "";

    private static string PrintFields(CompositeFieldsType type)
    {
        var fields = type.FieldList.Select((f, index) =>
            PrintDescription(f.Description, "  ", index == 0) + "  " + f.Name + PrintArgs(f.ArgumentList, "  ") + ": " + f.Type +
            PrintDeprecated(f.DeprecationReason)).ToList();
        return PrintBlock(fields);
    }

    private static string PrintBlock(List<string> items) => items.Count != 0 ? " {\n" + string.Join("\n", items) + "\n}" : "";

    private static string PrintArgs(IReadOnlyList<InputValueDefinition> args, string indentation = "")
    {
        if (args.Count == 0) return "";
        if (args.All(a => a.Description is null)) return "(" + string.Join(", ", args.Select(PrintInputValue)) + ")";
        return "(\n" + string.Join("\n", args.Select((a, index) =>
            PrintDescription(a.Description, "  " + indentation, index == 0) + "  " + indentation + PrintInputValue(a))) + "\n" + indentation + ")";
    }

    private static string PrintInputValue(InputValueDefinition arg)
    {
        var decl = arg.Name + ": " + arg.Type;
        var defaultValue = Introspection.PrintDefault(arg);
        if (defaultValue is not null) decl += " = " + defaultValue;
        return decl + PrintDeprecated(arg.DeprecationReason);
    }

    private static string PrintDirective(DirectiveDefinition directive) =>
        PrintDescription(directive.Description) + "directive @" + directive.Name + PrintArgs(directive.ArgumentList) +
        PrintDeprecated(directive.DeprecationReason) + (directive.IsRepeatable ? " repeatable" : "") + " on " +
        string.Join(" | ", directive.Locations);

    private static string PrintDeprecated(string? reason)
    {
        if (reason is null) return "";
        if (reason != DefaultDeprecationReason) return $" @deprecated(reason: {Printer.PrintString(reason)})";
        return " @deprecated";
    }

    private static string PrintDescription(string? description, string indentation = "", bool firstInBlock = true)
    {
        if (description is null) return "";
        var text = IsPrintableAsBlockString(description) ? BlockString.Print(description) : Printer.PrintString(description);
        var prefix = indentation.Length > 0 && !firstInBlock ? "\n" + indentation : indentation;
        return prefix + text.Replace("\n", "\n" + indentation) + "\n";
    }

    internal static bool IsPrintableAsBlockString(string value)
    {
        if (value.Length == 0) return true;
        var isEmptyLine = true;
        var hasIndent = false;
        var hasCommonIndent = true;
        var seenNonEmptyLine = false;
        foreach (var c in value)
        {
            switch (c)
            {
                case '\u0000': case '\u0001': case '\u0002': case '\u0003': case '\u0004': case '\u0005': case '\u0006':
                case '\u0007': case '\u0008': case '\u000b': case '\u000c': case '\u000e': case '\u000f':
                case '\r':
                    return false;
                case '\n':
                    if (isEmptyLine && !seenNonEmptyLine) return false;
                    seenNonEmptyLine = true;
                    isEmptyLine = true;
                    hasIndent = false;
                    break;
                case '\t':
                case ' ':
                    hasIndent = hasIndent || isEmptyLine;
                    break;
                default:
                    hasCommonIndent = hasCommonIndent && hasIndent;
                    isEmptyLine = false;
                    break;
            }
        }
        if (isEmptyLine) return false;
        if (hasCommonIndent && seenNonEmptyLine) return false;
        return true;
    }
}
