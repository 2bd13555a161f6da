using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TechHealth.GraphQL;

/// <summary>
/// Coercion of literals and runtime input to internal values, and back to literals, following
/// the specification's input coercion rules. Absent values are <see cref="Undefined.Value"/>.
/// </summary>
public static class ValueFromAst
{
    /// <summary>Coerces a literal to the type, or returns <see cref="Undefined.Value"/> when it is invalid.</summary>
    public static object? Coerce(ValueNode? node, GraphQLType type, IReadOnlyDictionary<string, object?>? variables)
    {
        if (node is null) return Undefined.Value;
        if (node is VariableNode variable)
        {
            if (variables is null || !variables.TryGetValue(variable.Name.Value, out var value) || value is Undefined) return Undefined.Value;
            if (value is null && type is NonNullType) return Undefined.Value;
            return value;
        }
        if (type is NonNullType nonNull)
        {
            if (node is NullValueNode) return Undefined.Value;
            return Coerce(node, nonNull.OfType, variables);
        }
        if (node is NullValueNode) return null;
        if (type is ListType list)
        {
            if (node is ListValueNode listNode)
            {
                var items = new List<object?>(listNode.Values.Count);
                foreach (var itemNode in listNode.Values)
                {
                    if (IsMissingVariable(itemNode, variables))
                    {
                        if (list.OfType is NonNullType) return Undefined.Value;
                        items.Add(null);
                        continue;
                    }
                    var item = Coerce(itemNode, list.OfType, variables);
                    if (item is Undefined) return Undefined.Value;
                    items.Add(item);
                }
                return items;
            }
            var single = Coerce(node, list.OfType, variables);
            return single is Undefined ? Undefined.Value : new List<object?> { single };
        }
        switch (type)
        {
            case InputObjectType inputObject:
            {
                if (node is not ObjectValueNode obj) return Undefined.Value;
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                var fieldNodes = new Dictionary<string, ObjectFieldNode>(StringComparer.Ordinal);
                foreach (var f in obj.Fields) fieldNodes.TryAdd(f.Name.Value, f);
                foreach (var field in inputObject.FieldList)
                {
                    if (!fieldNodes.TryGetValue(field.Name, out var fieldNode) || IsMissingVariable(fieldNode.Value, variables))
                    {
                        if (field.HasDefaultValue) result[field.Name] = field.DefaultValue;
                        else if (field.Type is NonNullType) return Undefined.Value;
                        continue;
                    }
                    var fieldValue = Coerce(fieldNode.Value, field.Type, variables);
                    if (fieldValue is Undefined) return Undefined.Value;
                    result[field.Name] = fieldValue;
                }
                if (inputObject.IsOneOf)
                {
                    if (result.Count != 1) return Undefined.Value;
                    if (result.Values.First() is null) return Undefined.Value;
                }
                return result;
            }
            case EnumType enumType:
                try
                {
                    return Values.ParseEnumLiteral(enumType, node);
                }
                catch (Exception)
                {
                    return Undefined.Value;
                }
            case ScalarType scalar:
                try
                {
                    return scalar.ParseLiteral(node, variables) ?? null;
                }
                catch (Exception)
                {
                    return Undefined.Value;
                }
        }
        return Undefined.Value;
    }

    private static bool IsMissingVariable(ValueNode node, IReadOnlyDictionary<string, object?>? variables) =>
        node is VariableNode v && (variables is null || !variables.TryGetValue(v.Name.Value, out var value) || value is Undefined);

    /// <summary>Turns a literal into plain values without a type (ints, doubles, strings, maps, lists).</summary>
    public static object? Untyped(ValueNode node, IReadOnlyDictionary<string, object?>? variables)
    {
        switch (node)
        {
            case NullValueNode: return null;
            case IntValueNode i:
                return int.TryParse(i.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : double.Parse(i.Value, CultureInfo.InvariantCulture);
            case FloatValueNode f: return double.Parse(f.Value, CultureInfo.InvariantCulture);
            case StringValueNode s: return s.Value;
            case BooleanValueNode b: return b.Value;
            case EnumValueNode e: return e.Value;
            case ListValueNode l: return l.Values.Select(v => Untyped(v, variables)).ToList();
            case ObjectValueNode o:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var f in o.Fields) map[f.Name.Value] = Untyped(f.Value, variables);
                return map;
            case VariableNode v:
                return variables is not null && variables.TryGetValue(v.Name.Value, out var value) ? value : Undefined.Value;
        }
        return Undefined.Value;
    }
}

/// <summary>Coercion helpers shared by validation and execution.</summary>
public static class Values
{
    private static readonly Regex IntegerString = new("^-?(?:0|[1-9][0-9]*)$", RegexOptions.Compiled);

    internal static object? ParseEnumLiteral(EnumType type, ValueNode node)
    {
        if (node is not EnumValueNode e)
        {
            var valueStr = Printer.Print(node);
            throw new GraphQLException($"Enum \"{type.Name}\" cannot represent non-enum value: {valueStr}." + DidYouMeanEnum(type, valueStr));
        }
        var value = type.GetValue(e.Value);
        if (value is null)
            throw new GraphQLException($"Value \"{e.Value}\" does not exist in \"{type.Name}\" enum." + DidYouMeanEnum(type, e.Value));
        return value.Value;
    }

    internal static object? ParseEnumValue(EnumType type, object? input)
    {
        if (input is not string s)
        {
            var valueStr = Inspect.Value(input);
            throw new GraphQLException($"Enum \"{type.Name}\" cannot represent non-string value: {valueStr}." + DidYouMeanEnum(type, valueStr));
        }
        var value = type.GetValue(s);
        if (value is null)
            throw new GraphQLException($"Value \"{s}\" does not exist in \"{type.Name}\" enum." + DidYouMeanEnum(type, s));
        return value.Value;
    }

    internal static string SerializeEnum(EnumType type, object? output)
    {
        var value = type.FromInternal(output);
        if (value is null) throw new GraphQLException($"Enum \"{type.Name}\" cannot represent value: {Inspect.Value(output)}");
        return value.Name;
    }

    private static string DidYouMeanEnum(EnumType type, string unknown) =>
        Suggestions.DidYouMean(Suggestions.List(unknown, type.Values.Select(v => v.Name)), "the enum value");

    /// <summary>
    /// Coerces a runtime (JSON-like) value to an input type, reporting each problem with its path
    /// inside the value and the reference implementation's message; returns <see cref="Undefined.Value"/> on failure.
    /// </summary>
    public static object? CoerceInputValue(object? input, GraphQLType type, Action<IReadOnlyList<object>, string> onError, List<object>? path = null)
    {
        path ??= new List<object>();
        var failed = false;
        void Report(IReadOnlyList<object> at, string message)
        {
            failed = true;
            onError(at, message);
        }
        var result = Coerce(input, type, Report, path);
        return failed ? Undefined.Value : result;
    }

    private static object? Coerce(object? input, GraphQLType type, Action<IReadOnlyList<object>, string> report, List<object> path)
    {
        if (type is NonNullType nonNull)
        {
            if (input is Undefined)
            {
                report(path.ToList(), $"Expected a value of non-null type \"{type}\" to be provided.");
                return Undefined.Value;
            }
            if (input is null)
            {
                report(path.ToList(), $"Expected value of non-null type \"{type}\" not to be null.");
                return Undefined.Value;
            }
            return Coerce(input, nonNull.OfType, report, path);
        }
        if (input is null || input is Undefined) return null;
        if (type is ListType list)
        {
            if (input is IEnumerable items and not string && input is not IEnumerable<KeyValuePair<string, object?>>)
            {
                var result = new List<object?>();
                var index = 0;
                foreach (var item in items)
                {
                    path.Add(index);
                    result.Add(Coerce(item, list.OfType, report, path));
                    path.RemoveAt(path.Count - 1);
                    index++;
                }
                return result;
            }
            return new List<object?> { Coerce(input, list.OfType, report, path) };
        }
        switch (type)
        {
            case InputObjectType inputObject:
            {
                if (input is not IEnumerable<KeyValuePair<string, object?>> map)
                {
                    report(path.ToList(), $"Expected value of type \"{inputObject.Name}\" to be an object, found: {Inspect.Value(input)}.");
                    return Undefined.Value;
                }
                var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
                var order = new List<string>();
                foreach (var kv in map)
                {
                    if (fields.TryAdd(kv.Key, kv.Value)) order.Add(kv.Key);
                }
                var coerced = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var field in inputObject.FieldList)
                {
                    if (!fields.TryGetValue(field.Name, out var fieldValue) || fieldValue is Undefined)
                    {
                        if (field.HasDefaultValue) coerced[field.Name] = field.DefaultValue;
                        else if (field.Type is NonNullType)
                            report(path.ToList(), $"Expected value of type \"{inputObject.Name}\" to include required field \"{field.Name}\", found: {Inspect.Value(input)}.");
                        continue;
                    }
                    path.Add(field.Name);
                    coerced[field.Name] = Coerce(fieldValue, field.Type, report, path);
                    path.RemoveAt(path.Count - 1);
                }
                var known = new List<string>();
                foreach (var name in order)
                {
                    if (fields[name] is Undefined) continue;
                    if (!inputObject.Fields.ContainsKey(name))
                    {
                        var suggestion = Suggestions.DidYouMean(Suggestions.List(name, inputObject.FieldList.Select(f => f.Name)));
                        report(path.ToList(), $"Expected value of type \"{inputObject.Name}\" not to include unknown field \"{name}\"" +
                            (suggestion.Length > 0 ? $".{suggestion} Found" : ", found") + $": {Inspect.Value(input)}.");
                        continue;
                    }
                    known.Add(name);
                }
                if (inputObject.IsOneOf)
                {
                    if (known.Count != 1) report(path.ToList(), OneOfMessage(inputObject));
                    if (known.Count > 0 && fields[known[0]] is null)
                    {
                        var p = path.ToList();
                        p.Add(known[0]);
                        report(p, OneOfMessage(inputObject));
                    }
                }
                return coerced;
            }
            case EnumType enumType:
                try
                {
                    return ParseEnumValue(enumType, input);
                }
                catch (GraphQLException ex)
                {
                    report(path.ToList(), ex.Message);
                    return Undefined.Value;
                }
            case ScalarType scalar:
                object? parsed;
                try
                {
                    parsed = scalar.ParseValue(input);
                }
                catch (GraphQLException ex)
                {
                    report(path.ToList(), ex.Message);
                    return Undefined.Value;
                }
                catch (Exception ex)
                {
                    report(path.ToList(), $"Expected value of type \"{scalar.Name}\", but encountered error \"{ex.Message}\"; found: {Inspect.Value(input)}.");
                    return Undefined.Value;
                }
                if (parsed is Undefined)
                {
                    report(path.ToList(), $"Expected value of type \"{scalar.Name}\", found: {Inspect.Value(input)}.");
                    return Undefined.Value;
                }
                return parsed;
        }
        return Undefined.Value;
    }

    internal static string OneOfMessage(InputObjectType type) =>
        $"Within OneOf Input Object type \"{type.Name}\", exactly one field must be specified, and the value for that field must be non-null.";

    /// <summary>
    /// Checks a literal against an input type and reports each problem with the offending node and
    /// its path. Without variables (validation) variables are assumed valid; with them (execution)
    /// missing or null variables in non-null positions are reported.
    /// </summary>
    internal static void ValidateInputLiteral(ValueNode node, GraphQLType type, IReadOnlyDictionary<string, object?>? variables,
        Action<GraphQLError, IReadOnlyList<object>> onError, List<object>? path = null)
    {
        path ??= new List<object>();
        void Report(string message, Node at) => onError(GraphQLError.At(message, at), path.ToList());
        if (node is VariableNode variable)
        {
            if (variables is null) return;
            var has = variables.TryGetValue(variable.Name.Value, out var value) && value is not Undefined;
            if (type is NonNullType)
            {
                if (!has) Report($"Expected variable \"${variable.Name.Value}\" provided to type \"{type}\" to provide a runtime value.", node);
                else if (value is null) Report($"Expected variable \"${variable.Name.Value}\" provided to non-null type \"{type}\" not to be null.", node);
            }
            return;
        }
        if (type is NonNullType nonNull)
        {
            if (node is NullValueNode)
            {
                Report($"Expected value of non-null type \"{type}\" not to be null.", node);
                return;
            }
            ValidateInputLiteral(node, nonNull.OfType, variables, onError, path);
            return;
        }
        if (node is NullValueNode) return;
        if (type is ListType list)
        {
            if (node is not ListValueNode listNode)
            {
                ValidateInputLiteral(node, list.OfType, variables, onError, path);
                return;
            }
            var index = 0;
            foreach (var item in listNode.Values)
            {
                path.Add(index++);
                ValidateInputLiteral(item, list.OfType, variables, onError, path);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        switch (type)
        {
            case InputObjectType inputObject:
            {
                if (node is not ObjectValueNode obj)
                {
                    Report($"Expected value of type \"{inputObject.Name}\" to be an object, found: {Printer.Print(node)}.", node);
                    return;
                }
                var fieldNodes = new Dictionary<string, ObjectFieldNode>(StringComparer.Ordinal);
                foreach (var f in obj.Fields) fieldNodes[f.Name.Value] = f;
                foreach (var field in inputObject.FieldList)
                {
                    if (!fieldNodes.TryGetValue(field.Name, out var fieldNode))
                    {
                        if (field.Type is NonNullType && !field.HasDefaultValue)
                            Report($"Expected value of type \"{inputObject.Name}\" to include required field \"{field.Name}\", found: {Printer.Print(node)}.", node);
                        continue;
                    }
                    if (fieldNode.Value is VariableNode fieldVariable && variables is not null)
                    {
                        var name = fieldVariable.Name.Value;
                        var has = variables.TryGetValue(name, out var value) && value is not Undefined;
                        if (inputObject.IsOneOf)
                        {
                            if (!has) Report($"Expected variable \"${name}\" provided to field \"{field.Name}\" for OneOf Input Object type \"{inputObject.Name}\" to provide a runtime value.", node);
                            else if (value is null) Report($"Expected variable \"${name}\" provided to field \"{field.Name}\" for OneOf Input Object type \"{inputObject.Name}\" not to be null.", node);
                        }
                        else if (!has && !(field.Type is NonNullType && !field.HasDefaultValue))
                        {
                            continue;
                        }
                    }
                    path.Add(field.Name);
                    ValidateInputLiteral(fieldNode.Value, field.Type, variables, onError, path);
                    path.RemoveAt(path.Count - 1);
                }
                var knownFields = new List<ObjectFieldNode>();
                foreach (var fieldNode in obj.Fields)
                {
                    var name = fieldNode.Name.Value;
                    if (!inputObject.Fields.ContainsKey(name))
                    {
                        var suggestion = Suggestions.DidYouMean(Suggestions.List(name, inputObject.FieldList.Select(f => f.Name)));
                        Report($"Expected value of type \"{inputObject.Name}\" not to include unknown field \"{name}\"" +
                            (suggestion.Length > 0 ? $".{suggestion} Found" : ", found") + $": {Printer.Print(node)}.", fieldNode);
                    }
                    else
                    {
                        knownFields.Add(fieldNode);
                    }
                }
                if (inputObject.IsOneOf)
                {
                    if (knownFields.Count != 1)
                    {
                        Report(OneOfMessage(inputObject), node);
                        return;
                    }
                    if (knownFields[0].Value is NullValueNode)
                    {
                        path.Add(knownFields[0].Name.Value);
                        Report(OneOfMessage(inputObject), node);
                        path.RemoveAt(path.Count - 1);
                    }
                }
                return;
            }
            case EnumType enumType:
                try
                {
                    ParseEnumLiteral(enumType, node);
                }
                catch (GraphQLException ex)
                {
                    Report(ex.Message, node);
                }
                return;
            case ScalarType scalar:
                object? result;
                try
                {
                    result = scalar.ParseLiteral(node, variables);
                }
                catch (GraphQLException ex)
                {
                    // The reference attaches the literal's location for specified scalars only; a custom
                    // scalar's own error carries whatever its author gave it.
                    if (BuiltIns.IsBuiltInScalar(scalar.Name)) Report(ex.Message, node);
                    else onError(new GraphQLError(ex.Message, extensions: ex.Extensions), path.ToList());
                    return;
                }
                catch (Exception ex)
                {
                    Report($"Expected value of type \"{scalar.Name}\", but encountered error \"{ex.Message}\"; found: {Printer.Print(node)}.", node);
                    return;
                }
                if (result is Undefined) Report($"Expected value of type \"{scalar.Name}\", found: {Printer.Print(node)}.", node);
                return;
        }
    }

    /// <summary>Produces a literal for an internal value of the type (null when it cannot be represented).</summary>
    public static ValueNode? AstFromValue(object? value, GraphQLType type)
    {
        if (type is NonNullType nonNull)
        {
            var inner = AstFromValue(value, nonNull.OfType);
            return inner is NullValueNode ? null : inner;
        }
        if (value is null) return new NullValueNode();
        if (value is Undefined) return null;
        if (type is ListType list)
        {
            if (value is IEnumerable items and not string && value is not IEnumerable<KeyValuePair<string, object?>>)
            {
                var nodes = new List<ValueNode>();
                foreach (var item in items)
                {
                    var node = AstFromValue(item, list.OfType);
                    if (node is not null) nodes.Add(node);
                }
                return new ListValueNode(nodes);
            }
            return AstFromValue(value, list.OfType);
        }
        if (type is InputObjectType inputObject)
        {
            if (value is not IEnumerable<KeyValuePair<string, object?>> map) return null;
            var dict = map.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var fields = new List<ObjectFieldNode>();
            foreach (var field in inputObject.FieldList)
            {
                if (!dict.TryGetValue(field.Name, out var fieldValue)) continue;
                var node = AstFromValue(fieldValue, field.Type);
                if (node is not null) fields.Add(new ObjectFieldNode { Name = new NameNode(field.Name), Value = node });
            }
            return new ObjectValueNode(fields);
        }
        object? serialized = type switch
        {
            EnumType e => SerializeEnum(e, value),
            ScalarType s => s.Serialize(value),
            _ => null,
        };
        switch (serialized)
        {
            case null: return null;
            case bool b: return new BooleanValueNode(b);
            case string str:
                if (type is EnumType) return new EnumValueNode(str);
                if (type is ScalarType { Name: "ID" } && IntegerString.IsMatch(str)) return new IntValueNode(str);
                return new StringValueNode(str);
        }
        if (Inspect.IsNumber(serialized))
        {
            var d = Inspect.ToDouble(serialized);
            if (double.IsNaN(d) || double.IsInfinity(d)) return null;
            var text = Inspect.JsNumber(d);
            return IntegerString.IsMatch(text) ? new IntValueNode(text) : new FloatValueNode(text);
        }
        return null;
    }
}
